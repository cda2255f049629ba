/**
 * Theory import: the uploaded file goes to the API as it is — CSV as text/csv (the API decodes
 * UTF-8, UTF-16 and GB18030 as Excel saves them), XLSX as raw bytes — through `sendRaw`.
 */
import type { RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { ApiError, sendRaw } from '$lib/server/api';
import type { TheoryRowError } from '$lib/types/judging';

export type ImportOutcome =
  | { ok: true; rows: number; changed: number; unchanged: number }
  | { ok: false; status: number; message: string; rowErrors: TheoryRowError[] };

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // a ZIP container

export async function importTheory(event: RequestEvent, eventId: number, file: File): Promise<ImportOutcome> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const isXlsx = /\.xlsx$/i.test(file.name) || XLSX_MAGIC.every((b, i) => bytes[i] === b);
  let res: Response;
  try {
    res = await sendRaw(event, 'POST', `/events/${eventId}/theory-scores/import`, {
      raw: { bytes, contentType: isXlsx ? 'application/octet-stream' : 'text/csv' },
    });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { ok: false, status: 503, message: m.error_unavailable(), rowErrors: [] };
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return { ok: true, rows: Number(body.rows), changed: Number(body.changed), unchanged: Number(body.unchanged) };
  return {
    ok: false,
    status: res.status >= 500 ? 503 : res.status,
    message: res.status >= 500 || typeof body.message !== 'string' ? m.error_unavailable() : body.message,
    rowErrors: Array.isArray(body.errors) ? (body.errors as TheoryRowError[]) : [],
  };
}

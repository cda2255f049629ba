/**
 * Theory import: the uploaded file goes to the API as it is — CSV as text/csv (the API decodes
 * UTF-8, UTF-16 and GB18030 as Excel saves them), XLSX as raw bytes — through `call`'s raw body.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, call, problemOf } from '$lib/server/api';
import type { TheoryRowError } from '@gongjiang/contract';

export type ImportOutcome =
  | { ok: true; rows: number; changed: number; unchanged: number }
  | { ok: false; status: number; message: string; rowErrors: TheoryRowError[] };

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // a ZIP container

export async function importTheory(event: RequestEvent, eventId: number, file: File): Promise<ImportOutcome> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const isXlsx = /\.xlsx$/i.test(file.name) || XLSX_MAGIC.every((b, i) => bytes[i] === b);
  try {
    const { rows, changed, unchanged } = await call(
      event,
      'importTheoryScores',
      { params: { id: eventId } },
      { raw: { bytes, contentType: isXlsx ? 'application/octet-stream' : 'text/csv' } },
    );
    return { ok: true, rows, changed, unchanged };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // errorFrom has already put the generic message on a 5xx or an unreachable API
    return {
      ok: false,
      status: e.status >= 500 ? 503 : e.status,
      message: e.message,
      rowErrors: problemOf(e, 'importTheoryScores', 400)?.errors ?? [],
    };
  }
}

/**
 * The judge's offline outbox: marks not yet confirmed by the server, kept in localStorage so a reload,
 * a dead battery or a lost connection never loses one. One entry per event + bib + criterion — the
 * last value typed wins — and the server applies each idempotently, so resending is always safe.
 */
import type { ScoreItem } from '@gongjiang/contract';

export interface OutboxEntry extends ScoreItem {
  /** when the judge typed it (ms since epoch) */
  at: number;
}

const storageKey = (eventId: number) => `gj-outbox:${eventId}`;
export const cellKey = (bib: string, criterionId: number) => `${bib}|${criterionId}`;

function read(eventId: number): Record<string, OutboxEntry> {
  try {
    const raw = localStorage.getItem(storageKey(eventId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, OutboxEntry>) : {};
  } catch {
    return {};
  }
}

function write(eventId: number, entries: Record<string, OutboxEntry>): void {
  try {
    if (Object.keys(entries).length) localStorage.setItem(storageKey(eventId), JSON.stringify(entries));
    else localStorage.removeItem(storageKey(eventId));
  } catch {
    // storage full or disabled (private mode): the in-memory state still holds the mark until it is sent
  }
}

export function outboxEntries(eventId: number): OutboxEntry[] {
  return Object.values(read(eventId)).sort((a, b) => a.at - b.at);
}

export function putInOutbox(eventId: number, item: ScoreItem): OutboxEntry {
  const entries = read(eventId);
  const entry = { bib: item.bib, criterionId: item.criterionId, score: item.score, at: Date.now() };
  entries[cellKey(item.bib, item.criterionId)] = entry;
  write(eventId, entries);
  return entry;
}

/** Drops a cell's entry once the server has it — unless the judge typed a newer value meanwhile. */
export function takeFromOutbox(eventId: number, item: ScoreItem): void {
  const entries = read(eventId);
  const key = cellKey(item.bib, item.criterionId);
  const current = entries[key];
  if (current && current.score === item.score) {
    delete entries[key];
    write(eventId, entries);
  }
}

/**
 * The scoring sheet's live state: what each cell shows, whether the server has it, and the outbox
 * that carries marks across a lost connection (lib/judging/outbox.ts).
 *
 * Every accepted mark goes into the outbox first, then to PUT /scores; it leaves the outbox only when
 * the server confirms it. Whatever is left is resent through PUT /scores/batch when the browser comes
 * back online and on a timer. The server applies marks idempotently, so a resend never doubles a mark.
 */
import { SvelteMap } from 'svelte/reactivity';
import type {
  SavedScore as BatchResult,
  SheetCriterion as Criterion,
  ScoreItem,
  ScoreSheet as Sheet,
  SubmitProblem,
} from '@gongjiang/contract';
import { checkMark, markText, type MarkCheck } from './marks';
import { callApi, NetworkError } from './client';
import { cellKey, outboxEntries, putInOutbox, takeFromOutbox } from './outbox';

/** saved ✓ · saving · queued (kept offline, waiting to sync) · error (refused by the server) · invalid (not sent) */
export type CellStatus = 'empty' | 'saved' | 'saving' | 'queued' | 'error' | 'invalid';

export interface CellView {
  text: string;
  status: CellStatus;
  /** the local check's reason (invalid) or the server's message (error) */
  reason?: Exclude<MarkCheck, { ok: true }>['reason'];
  message?: string;
}

const RETRY_MS = 10_000;

export class SheetState {
  readonly eventId: number;
  readonly criteria: Criterion[];
  readonly bibs: string[];
  readonly cells = new SvelteMap<string, CellView>();
  locked = $state(false);
  online = $state(true);
  /** the server's last answer for each cell (not shown, so not reactive) */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #confirmed = new Map<string, number | null>();
  #flushing = false;

  constructor(eventId: number, sheet: Sheet) {
    this.eventId = eventId;
    this.criteria = sheet.criteria;
    this.bibs = sheet.contestants.map((c) => c.bib);
    this.locked = sheet.locked;
    for (const c of sheet.contestants)
      for (const cr of sheet.criteria) {
        const score = c.scores[String(cr.id)] ?? null;
        this.#confirmed.set(cellKey(c.bib, cr.id), score);
        this.cells.set(cellKey(c.bib, cr.id), { text: markText(score), status: score === null ? 'empty' : 'saved' });
      }
  }

  cell(bib: string, criterionId: number): CellView {
    return this.cells.get(cellKey(bib, criterionId)) ?? { text: '', status: 'empty' };
  }

  get total(): number {
    return this.bibs.length * this.criteria.length;
  }

  /** cells holding a mark (saved or on its way) */
  get done(): number {
    let n = 0;
    for (const c of this.cells.values()) if (c.text !== '' && c.status !== 'invalid' && c.status !== 'error') n++;
    return n;
  }

  /** marks not yet confirmed by the server */
  get pending(): number {
    let n = 0;
    for (const c of this.cells.values()) if (c.status === 'saving' || c.status === 'queued') n++;
    return n;
  }

  get problems(): number {
    let n = 0;
    for (const c of this.cells.values()) if (c.status === 'error' || c.status === 'invalid') n++;
    return n;
  }

  /** Starts listening for the connection; marks left in the outbox from an earlier visit are shown and resent. */
  start(): () => void {
    this.online = navigator.onLine;
    for (const e of outboxEntries(this.eventId)) {
      if (this.locked) break;
      this.cells.set(cellKey(e.bib, e.criterionId), { text: markText(e.score), status: 'queued' });
    }
    const online = () => {
      this.online = true;
      void this.flush();
    };
    const offline = () => (this.online = false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    const timer = setInterval(() => void this.flush(), RETRY_MS);
    void this.flush();
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      clearInterval(timer);
    };
  }

  /** The judge typed `text` into a cell (called on change: blur, Enter, Tab). */
  async commit(bib: string, criterion: Criterion, text: string): Promise<void> {
    if (this.locked) return;
    const key = cellKey(bib, criterion.id);
    const check = checkMark(text, criterion);
    if (!check.ok) {
      this.cells.set(key, { text, status: 'invalid', reason: check.reason });
      return;
    }
    const item: ScoreItem = { bib, criterionId: criterion.id, score: check.score };
    const previous = this.cells.get(key);
    const unchanged = this.#confirmed.get(key) === item.score && previous?.status !== 'queued' && previous?.status !== 'saving';
    if (unchanged) {
      this.cells.set(key, { text: markText(item.score), status: item.score === null ? 'empty' : 'saved' });
      return;
    }
    putInOutbox(this.eventId, item);
    if (!navigator.onLine) {
      this.online = false;
      this.cells.set(key, { text: markText(item.score), status: 'queued' });
      return;
    }
    this.cells.set(key, { text: markText(item.score), status: 'saving' });
    try {
      const res = await callApi<{ code?: string; message?: string }>('PUT', `/judging/events/${this.eventId}/scores`, item);
      this.#answer(item, res.status === 200 ? { ok: true } : { ok: false, status: res.status, ...res.body });
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      this.online = navigator.onLine;
      this.#stillCurrent(item, () => this.cells.set(key, { text: markText(item.score), status: 'queued' }));
    }
  }

  /** Resends everything in the outbox in one batch. */
  async flush(): Promise<void> {
    if (this.#flushing || this.locked || !navigator.onLine) return;
    const items = outboxEntries(this.eventId).map(({ bib, criterionId, score }) => ({ bib, criterionId, score }));
    if (!items.length) return;
    this.#flushing = true;
    try {
      for (const it of items)
        this.#stillCurrent(it, () => this.cells.set(cellKey(it.bib, it.criterionId), { text: markText(it.score), status: 'saving' }));
      const res = await callApi<BatchResult[] | { code?: string; message?: string }>(
        'PUT',
        `/judging/events/${this.eventId}/scores/batch`,
        items,
      );
      if (res.status === 409 && !Array.isArray(res.body) && res.body?.code === 'TOO_EARLY') {
        // the contest has not started: marks typed before it are refused for good, each cell saying from when
        for (const item of items) this.#answer(item, { ok: false, status: 409, code: res.body.code, message: res.body.message });
        return;
      }
      if (res.status !== 200 || !Array.isArray(res.body)) throw new NetworkError();
      this.online = true;
      for (const r of res.body) {
        const item = items[r.index];
        if (item) this.#answer(item, r.ok ? { ok: true } : { ok: false, status: r.statusCode ?? 400, code: r.code, message: r.message });
      }
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      for (const it of items)
        this.#stillCurrent(it, () => this.cells.set(cellKey(it.bib, it.criterionId), { text: markText(it.score), status: 'queued' }));
    } finally {
      this.#flushing = false;
    }
  }

  /** Sends what is queued, then locks the sheet; a 409 comes back with the cells concerned. */
  async submit(): Promise<{ ok: true } | { ok: false; pending: true } | { ok: false; problem: SubmitProblem }> {
    await this.flush();
    if (this.pending) return { ok: false, pending: true };
    try {
      const res = await callApi<SubmitProblem>('POST', `/judging/events/${this.eventId}/submit`);
      if (res.status === 200) {
        this.locked = true;
        return { ok: true };
      }
      return { ok: false, problem: { ...res.body, code: res.body?.code ?? 'ERROR', message: res.body?.message ?? '' } };
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      this.online = navigator.onLine;
      return { ok: false, pending: true };
    }
  }

  #answer(item: ScoreItem, outcome: { ok: true } | { ok: false; status: number; code?: string; message?: string }): void {
    const key = cellKey(item.bib, item.criterionId);
    if (!outcome.ok && outcome.status >= 500) {
      this.#stillCurrent(item, () => this.cells.set(key, { text: markText(item.score), status: 'queued' }));
      return;
    }
    // saved, or refused for good (out of range, conflicted, locked): either way resending would not help
    takeFromOutbox(this.eventId, item);
    if (outcome.ok) {
      this.#confirmed.set(key, item.score);
      this.#stillCurrent(item, () => this.cells.set(key, { text: markText(item.score), status: item.score === null ? 'empty' : 'saved' }));
      return;
    }
    if (outcome.code === 'SHEET_LOCKED') this.locked = true;
    this.#stillCurrent(item, () => this.cells.set(key, { text: markText(item.score), status: 'error', message: outcome.message }));
  }

  /** Runs `update` only if the cell still shows this item's value (the judge may have typed again meanwhile). */
  #stillCurrent(item: ScoreItem, update: () => void): void {
    const view = this.cells.get(cellKey(item.bib, item.criterionId));
    if (!view || view.text === markText(item.score)) update();
  }
}

import crypto from 'node:crypto';
import { SKILL_LEVEL_NAMES, zhPeriod, type SkillLevel } from '@gongjiang/domain';
import type { Database } from '../data/database';
import { contestById, eventsOfContest, orgName } from '../data/repos/contests';
import { tradeById } from '../data/repos/trades';
import { AppError, defineMessages, notFound } from '../lib/errors';
import messages from '../messages/posters.json' with { type: 'json' };
import { loadPosterFonts, renderPoster, type PosterContent, type PosterFonts } from '../lib/poster';

defineMessages(messages);

const TIERS: Record<string, string> = { city: '市级', district: '区级', enterprise: '企业级' };
/** bump when the drawing changes, so cached posters and browsers' ETags are renewed */
const DRAWING_VERSION = 1;
/** posters kept in memory (each ~60–150 KB) */
const CACHE_SIZE = 64;

export interface Poster {
  png: Buffer;
  etag: string;
  lastModified: string;
}

/**
 * Share posters of published contests. What a poster shows is read from the database on every request (a few small
 * reads); the PNG is drawn only when that content changes: its hash is the ETag and the key of a small in-process
 * LRU cache, and requests for the same poster while it is being drawn wait for the one drawing.
 */
export class PostersService {
  private fonts: Promise<PosterFonts> | undefined;
  private readonly cache = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly db: Database,
    private readonly fontPath: string | undefined,
  ) {}

  /** The contest's poster content, its ETag and Last-Modified; 404 unless the contest is published. */
  async describe(contestId: number, origin: string): Promise<{ content: PosterContent; etag: string; lastModified: string }> {
    const h = this.db.read;
    const c = await contestById(h, contestId);
    if (!c || c.status !== 'published') throw notFound('contest');
    const [organiser, events] = await Promise.all([orgName(h, c.orgId), eventsOfContest(h, contestId)]);
    const lines: string[] = [];
    let updated = c.updatedAt;
    for (const e of events) {
      if (e.updatedAt > updated) updated = e.updatedAt;
      const trade = await tradeById(h, e.tradeId);
      const level = e.targetLevel ? SKILL_LEVEL_NAMES[e.targetLevel as SkillLevel]?.zh : null;
      lines.push([trade?.name ?? '', level].filter(Boolean).join(' · '));
    }
    const venues = [...new Set([c.venue, ...events.map((e) => e.venue)].filter((v): v is string => !!v))];
    const content: PosterContent = {
      title: c.title,
      tier: [TIERS[c.tier] ?? c.tier, c.inPlan ? '纳入年度计划' : null].filter(Boolean).join(' · '),
      when: zhPeriod(c.startsAt, c.endsAt),
      registration: zhPeriod(c.registrationOpensAt, c.registrationClosesAt),
      organiser,
      venue: venues.length ? venues.slice(0, 3).join('；') : null,
      events: lines,
      url: `${origin}/contests/${contestId}`,
      platform: '工匠',
      tagline: '职工技能竞赛与培训平台',
    };
    const hash = crypto
      .createHash('sha256')
      .update(JSON.stringify([DRAWING_VERSION, content]))
      .digest('base64url')
      .slice(0, 27);
    return { content, etag: `"${hash}"`, lastModified: new Date(updated).toUTCString() };
  }

  /** The PNG of a described poster: from the cache, or drawn now (503 POSTER_FONT_MISSING without a CJK font). */
  async png(described: { content: PosterContent; etag: string }): Promise<Buffer> {
    this.fonts ??= loadPosterFonts(this.fontPath);
    if (!(await this.fonts).file) throw new AppError(503, 'POSTER_FONT_MISSING');
    const key = described.etag;
    let drawing = this.cache.get(key);
    if (drawing) {
      // most recently used last
      this.cache.delete(key);
      this.cache.set(key, drawing);
      return drawing;
    }
    drawing = renderPoster(described.content);
    this.cache.set(key, drawing);
    drawing.catch(() => this.cache.delete(key));
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return drawing;
  }
}

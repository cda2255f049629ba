/**
 * What a shared link shows in a chat (Open Graph and Twitter card tags): built on the server, where the page's origin
 * is the one the visitor reached (adapter-node reads it from the headers the host sets from the socket or a trusted
 * proxy — PROTOCOL_HEADER/HOST_HEADER), so every URL in the tags is absolute. Only what anyone may see is shared:
 * a draft (or cancelled) contest or class gets no tags.
 */
import { SKILL_LEVEL_NAMES, zhPeriod } from '@gongjiang/domain';
import type { ContestDetail, TrainingDetail } from '@gongjiang/contract';

export interface ShareCard {
  title: string;
  description: string;
  /** the page's absolute URL */
  url: string;
  /** an absolute image URL: a contest's poster, or the site's icon */
  image: string;
  imageWidth: number;
  imageHeight: number | null;
  imageAlt: string;
  /** twitter:card — a large picture for a poster, a small one for the icon */
  card: 'summary_large_image' | 'summary';
  /** a contest's poster, for the 分享海报 link (same origin, path only) */
  poster: { href: string; filename: string } | null;
}

const TIERS: Record<string, string> = { city: '市级', district: '区级', enterprise: '企业级' };
const joined = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join('；');

export function contestShare(contest: ContestDetail, origin: string): ShareCard | null {
  if (contest.status !== 'published') return null;
  const trades = [
    ...new Set(contest.events.map((e) => [e.trade?.name, e.targetLevel && SKILL_LEVEL_NAMES[e.targetLevel].zh].filter(Boolean).join(' '))),
  ];
  const poster = `/api/contests/${contest.id}/poster.png`;
  return {
    title: contest.title,
    description: joined([
      `${TIERS[contest.tier] ?? ''}职工技能竞赛`,
      `比赛时间 ${zhPeriod(contest.startsAt, contest.endsAt)}（北京时间）`,
      `报名 ${zhPeriod(contest.registrationOpensAt, contest.registrationClosesAt)}`,
      contest.orgName && `主办 ${contest.orgName}`,
      trades.length ? `赛项 ${trades.join('、')}` : null,
      contest.venue && `地点 ${contest.venue}`,
    ]),
    url: `${origin}/contests/${contest.id}`,
    image: `${origin}${poster}`,
    imageWidth: 750,
    imageHeight: null,
    imageAlt: `${contest.title} 分享海报`,
    card: 'summary_large_image',
    poster: { href: poster, filename: `contest-${contest.id}-poster.png` },
  };
}

export function trainingShare(training: TrainingDetail, origin: string): ShareCard | null {
  if (training.status !== 'published' && training.status !== 'completed') return null;
  const first = training.sessions[0];
  const last = training.sessions.at(-1);
  return {
    title: training.title,
    description: joined([
      `职工技能培训班：${[training.trade?.name, SKILL_LEVEL_NAMES[training.targetLevel].zh].filter(Boolean).join(' ')}`,
      first && last ? `上课时间 ${zhPeriod(first.startsAt, last.endsAt)}（北京时间）` : null,
      `报名 ${zhPeriod(training.enrolOpensAt, training.enrolClosesAt)}`,
      training.orgName && `主办 ${training.orgName}`,
      training.venue && `地点 ${training.venue}`,
    ]),
    url: `${origin}/trainings/${training.id}`,
    image: `${origin}/icons/icon-512.png`,
    imageWidth: 512,
    imageHeight: 512,
    imageAlt: '工匠',
    card: 'summary',
    poster: null,
  };
}

// How long a share poster takes to draw (GET /api/contests/:id/poster.png draws one only when a contest's content
// changes; otherwise it comes from the in-process cache): renderPoster on contests of growing size, in this process.
import { zhPeriod } from '@gongjiang/domain';
import { loadPosterFonts, renderPoster, type PosterContent } from '../src/lib/poster';

const N = 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function posterBench(): Promise<string> {
  const fontStart = performance.now();
  const fonts = await loadPosterFonts(process.env.POSTER_FONT);
  const fontMs = performance.now() - fontStart;
  if (fonts.file === null) throw new Error(`no CJK font (tried ${fonts.tried.join(', ')}): apt-get install fonts-noto-cjk`);
  const content = (events: number, i: number): PosterContent => ({
    title: `第九届无锡市职工职业技能大赛暨“太湖工匠”选树活动决赛 ${i}`,
    tier: '市级 · 纳入年度计划',
    when: zhPeriod('2026-12-15T01:00:00Z', '2026-12-16T09:00:00Z'),
    registration: zhPeriod('2026-12-01T01:00:00Z', '2026-12-10T10:00:00Z'),
    organiser: '无锡市总工会',
    venue: '无锡技师学院实训楼三楼',
    events: Array.from({ length: events }, (_, k) => `工种${k + 1} · 三级/高级工`),
    url: `https://gongjiang.example.cn/contests/${1000 + i}`,
    platform: '工匠',
    tagline: '职工技能竞赛与培训平台',
  });
  const rows: string[] = [];
  for (const events of [1, 6, 12]) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const png = await renderPoster(content(events, i));
      times.push(performance.now() - t0);
      bytes = png.length;
    }
    rows.push(`| ${events} | ${median(times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms | ${Math.round(bytes / 1024)} KiB |`);
    console.log(`poster with ${events} events: median ${median(times).toFixed(0)} ms`);
  }
  return `## Share poster

\`npm run bench -- poster\`: drawing one contest's share poster (750 px PNG, @napi-rs/canvas, Noto Sans CJK), ${N} different
posters per row, in one process. The font is registered once (${fontMs.toFixed(0)} ms, ${fonts.file}); the API draws a
poster only when what it shows changes and serves the cached PNG (ETag, 304) otherwise.

| events on the poster | median | slowest | PNG size |
| ---: | ---: | ---: | ---: |
${rows.join('\n')}
`;
}

/** The report's prose: the seed paragraph (domain.md § The annual report) with the year's figures filled in. */
import * as m from '$lib/paraglide/messages';
import { tradeName } from '$lib/i18n';
import { change, direction, percent, reportNumber } from './format';
import type { Annual, OrgKind } from './types';

function delta(cur: number, prev: number): string {
  const d = direction(cur, prev);
  if (d === 'up') return m.dash_report_delta_up({ pct: percent(change(cur, prev) ?? 0) });
  if (d === 'down') return m.dash_report_delta_down({ pct: percent(change(cur, prev) ?? 0) });
  if (d === 'new') return m.dash_report_delta_new();
  return m.dash_report_delta_same();
}

export function reportParagraphs(a: Annual, kind: OrgKind): string[] {
  const subject =
    kind === 'federation'
      ? m.dash_report_subject_city()
      : kind === 'district'
        ? m.dash_report_subject_district({ org: a.orgName })
        : m.dash_report_subject_base({ org: a.orgName });
  const out = [
    m.dash_report_paragraph({
      year: String(a.year),
      subject,
      contests: reportNumber(a.contests),
      trades: reportNumber(a.trades),
      participants: reportNumber(a.participants),
      classes: reportNumber(a.trainingClasses),
      trainees: reportNumber(a.trainees),
      promotions: reportNumber(a.promotions),
      high: reportNumber(a.highSkillPromotions),
    }),
  ];
  const p = a.previous;
  if (p.participants || p.trainees || p.highSkillPromotions) {
    out.push(
      m.dash_report_compare({
        prev: String(p.year),
        participants: delta(a.participants, p.participants),
        trainees: delta(a.trainees, p.trainees),
        high: delta(a.highSkillPromotions, p.highSkillPromotions),
      }),
    );
  }
  const top = [...a.byTrade]
    .filter((t) => t.participants > 0)
    .sort((x, y) => y.participants - x.participants)
    .slice(0, 3);
  if (top.length) {
    const list = top.map((t) => m.dash_report_trade_item({ name: tradeName(t), count: reportNumber(t.participants) }));
    out.push(m.dash_report_top_trades({ list: list.join(m.dash_report_list_sep()) }));
  }
  return out;
}

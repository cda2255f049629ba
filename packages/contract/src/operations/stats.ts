import { taggedOperations } from '../operation';
import { Type } from 'typebox';
import { errors, OrgKind } from '../common';

const ops = taggedOperations('stats');

const n = (description: string) => Type.Integer({ minimum: 0, description });

/** Each figure as domain.md § The annual report defines it; the descriptions are the API's documentation. */
const F = {
  contests: n('contests held: published contests (not drafts, not cancelled) whose start date falls in the year'),
  trades: n('distinct trades (工种) of the events of those contests'),
  participants: n(
    'person-times (人次): registrations of those contests confirmed at the contest — status confirmed; pending (still awaiting approval), waitlisted, cancelled and rejected ones are not counted',
  ),
  trainingClasses: n(
    'training classes held: published or completed classes (not drafts, not cancelled) whose first session falls in the year',
  ),
  trainees: n('person-times (人次): enrolments of those classes that are neither cancelled nor waitlisted'),
  promotions: n(
    'person-times (人次): promotion records dated in the year from contests and classes of the subtree — a worker promoted twice counts twice',
  ),
  highSkillPromotions: n(
    'people (人): distinct workers with at least one of those promotion records that took them into high-skill status (below senior → senior or above)',
  ),
};
const Seven = {
  contests: F.contests,
  trades: F.trades,
  participants: F.participants,
  trainingClasses: F.trainingClasses,
  trainees: F.trainees,
  promotions: F.promotions,
  highSkillPromotions: F.highSkillPromotions,
};
const { trades: _trades, ...Six } = Seven;

export const Annual = Type.Object({
  year: Type.Integer(),
  orgId: Type.Integer({ description: 'the chosen organisation; its whole subtree is counted' }),
  orgName: Type.String(),
  ...Seven,
  byTrade: Type.Array(
    Type.Object({
      tradeId: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      ...Six,
      contests: n('contests with an event in this trade (a contest of three trades counts under each)'),
      participants: n("confirmed registrations of this trade's events"),
    }),
    { description: 'trades with any figure above zero, by trade code; classes and promotions by their own trade' },
  ),
  byOrg: Type.Array(Type.Object({ orgId: Type.Integer(), name: Type.String(), kind: OrgKind, ...Seven }), {
    description:
      'one row per organisation directly below the chosen one, each counting its whole subtree; district unions always, base unions only when any figure is above zero',
  }),
  direct: Type.Object(Seven, {
    description:
      'what the chosen organisation owns itself (not through an organisation below it); with byOrg it adds up to the totals for every person-time figure',
  }),
  byMonth: Type.Array(Type.Object({ month: Type.Integer({ minimum: 1, maximum: 12 }), ...Six }), {
    description:
      'twelve rows; contests and their participants by the start month, classes and trainees by the first-session month, promotions by the promotion month',
  }),
  previous: Type.Object({ year: Type.Integer(), ...Seven }, { description: 'the same seven figures for the year before' }),
});

export const getAnnualStats = ops.authed('GET', '/stats/annual', {
  operationId: 'getAnnualStats',
  summary:
    "The annual report of an organisation's subtree (domain.md § The annual report): seven figures with breakdowns by trade, organisation and month",
  description: [
    'Year = the calendar year in Beijing time (UTC+8) of the date each figure names: a contest starting 2026-12-31T17:00Z counts in 2027.',
    "Organisation = the contest's or class's owning organisation (for promotions, that of their source) is in the chosen subtree.",
    'Figures come from summary tables that database triggers keep in the same transaction as every registration, enrolment, contest, class and promotion write.',
    '404 when orgId is unknown or outside the caller’s subtree.',
  ].join(' '),
  querystring: Type.Object({
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'calendar year (Beijing time); default this year' })),
    orgId: Type.Optional(Type.Integer({ minimum: 1, description: "an organisation in the caller's subtree; default the caller's own" })),
  }),
  response: { 200: Annual, ...errors(400, 401, 403, 404) },
});

/**
 * The demo's history: contests and training classes that are over, with results published,
 * promotions applied and classes completed — the whole previous calendar year, and a few early in
 * this year — so the dashboard's change against last year, the promotions tracker and the workers'
 * skill histories have something to show.
 *
 * Dates are relative to the seed's "now" like the rest of the demo: a day of the previous calendar
 * year (month/day), or a share of this year so far (0 = 1 January, 1 = today). What follows is
 * dated from there: registration opens 45 days before the start and closes 12 days before; results
 * are published 5 days after the end, promotions applied 21 days after; a class is completed
 * 2 days after its last session. A this-year story that would not be over by now is compressed.
 */
import type { ContestSeed, EventSeed } from './contests';
import type { TrainingSeed } from './trainings';

export type HistoryDay = { year: 'previous'; month: number; day: number } | { year: 'current'; share: number };

export interface HistoryContestSeed extends Omit<ContestSeed, 'status' | 'days' | 'events'> {
  /** first day of the contest */
  held: HistoryDay;
  /** how many days it lasts */
  length: 1 | 2;
  /** every event needs judges and a registration plan: the contest was judged and published */
  events: readonly (EventSeed & Required<Pick<EventSeed, 'registrations' | 'judges'>>)[];
}

export interface HistoryClassSeed extends Omit<TrainingSeed, 'status' | 'enrolDays' | 'sessions' | 'enrolments'> {
  /** `count` sessions, the first on `first`, then every `every` days */
  sessions: { first: HistoryDay; count: number; every: number; start: string; end: string };
  enrolments: { arrivals: number; cancels?: number };
}

const prev = (month: number, day: number): HistoryDay => ({ year: 'previous', month, day });
const cur = (share: number): HistoryDay => ({ year: 'current', share });

const J = {
  fitter: '13900000011',
  electrician: '13900000012',
  cnc: '13900000013',
  care: '13900000014',
  welder: '13900000015',
  tea: '13900000016',
} as const;
const panel = (chief: string, ...others: string[]) => [{ phone: chief, chief: true }, ...others.map((phone) => ({ phone }))];

export const HISTORY_CONTESTS: readonly HistoryContestSeed[] = [
  // ---- the previous year -------------------------------------------------------------------------
  {
    title: '江阴市纺织行业职工技能竞赛（{year}）',
    description: '江阴市总工会主办的行业练兵比赛，纺纱、印染两个赛项，未纳入年度竞赛计划，不涉及等级晋升。',
    tier: 'district',
    org: '江阴市总工会',
    inPlan: false,
    venue: '江阴市职工培训中心',
    held: prev(4, 18),
    length: 1,
    events: [
      {
        trade: '纺纱工',
        capacity: 30,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 14, cancels: 1 },
        judges: panel(J.fitter, J.care),
      },
      {
        trade: '印染工',
        capacity: 20,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 7 },
        judges: panel(J.fitter, J.care),
      },
    ],
  },
  {
    title: '梁溪区第四届职工职业技能竞赛',
    description: '梁溪区总工会主办，面向区内企事业单位职工，各赛项前六名可晋升高级工。',
    tier: 'district',
    org: '梁溪区总工会',
    inPlan: true,
    venue: '梁溪区职工服务中心（清扬路）',
    held: prev(5, 22),
    length: 1,
    events: [
      {
        trade: '中式烹调师',
        capacity: 24,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 9, cancels: 1 },
        judges: panel(J.tea, J.care),
      },
      {
        trade: '养老护理员',
        capacity: 20,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 9 },
        judges: panel(J.care, J.tea),
      },
    ],
  },
  {
    title: '七〇二所第九届青年职工技能比武',
    description: '面向40周岁以下青年职工的岗位技能比武，纳入计划，前30%可晋升。',
    tier: 'enterprise',
    org: '中国船舶重工集团公司第七〇二研究所工会',
    inPlan: true,
    venue: '七〇二所机加工车间',
    held: prev(6, 14),
    length: 1,
    events: [
      {
        trade: '钳工',
        capacity: 20,
        eligibility: { maxLevel: 'senior', minAge: 18, maxAge: 40, unionMemberOnly: true },
        registrations: { arrivals: 10 },
        judges: panel(J.fitter, J.cnc),
      },
    ],
  },
  {
    title: '宜兴市{year}年职工焊工技能竞赛',
    description: '宜兴市总工会举办的焊工岗位练兵比赛，未纳入年度竞赛计划。',
    tier: 'district',
    org: '宜兴市总工会',
    inPlan: false,
    venue: '宜兴环保科技工业园实训基地',
    held: prev(8, 27),
    length: 1,
    events: [
      {
        trade: '焊工',
        capacity: 24,
        eligibility: { maxLevel: 'senior', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 14, cancels: 1 },
        judges: panel(J.welder, J.fitter),
      },
    ],
  },
  {
    title: '无锡市第十八届职工职业技能大赛',
    description:
      '市总工会联合市人社局举办的年度综合性职工技能大赛，纳入全市职业技能竞赛计划。各赛项前三名晋升技师并授予“无锡市技术能手”称号。',
    tier: 'city',
    org: '无锡市总工会',
    inPlan: true,
    venue: '无锡技师学院实训中心',
    held: prev(10, 16),
    length: 2,
    events: [
      {
        trade: '电工',
        capacity: 36,
        aggregation: 'median',
        eligibility: { minLevel: 'senior', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 14, cancels: 1 },
        judges: panel(J.electrician, J.fitter, J.welder),
      },
      {
        trade: '数控车工',
        capacity: 30,
        aggregation: 'trimmed',
        eligibility: { minLevel: 'junior', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 12 },
        judges: panel(J.cnc, J.fitter, J.welder),
      },
    ],
  },
  {
    title: '无锡供电公司{year}年配网运维技能比武',
    description: '企业内部岗位练兵、技术比武，未纳入市级竞赛计划。',
    tier: 'enterprise',
    org: '无锡供电公司工会',
    inPlan: false,
    venue: '无锡供电公司培训中心实训场',
    held: prev(11, 20),
    length: 1,
    events: [
      {
        trade: '电力电缆安装运维工',
        capacity: 24,
        eligibility: { maxLevel: 'senior', minAge: 18, maxAge: 50, unionMemberOnly: false },
        registrations: { arrivals: 8 },
        judges: panel(J.electrician, J.fitter),
      },
      {
        trade: '电工',
        capacity: 16,
        eligibility: { maxLevel: 'senior', minAge: 18, maxAge: 50, unionMemberOnly: false },
        registrations: { arrivals: 8 },
        judges: panel(J.electrician, J.welder),
      },
    ],
  },
  {
    title: '梁溪区快递行业{year}年职工技能比武',
    description: '快递行业工会联合会组织的岗位技能比武，未纳入年度竞赛计划。',
    tier: 'enterprise',
    org: '无锡市梁溪区快递行业工会联合会',
    inPlan: false,
    venue: '梁溪区新就业形态劳动者服务站',
    held: prev(7, 10),
    length: 1,
    events: [
      {
        trade: '快递员',
        capacity: 30,
        eligibility: { minAge: 18, maxAge: 55, unionMemberOnly: false },
        registrations: { arrivals: 14, cancels: 1 },
        judges: panel(J.care, J.tea),
      },
    ],
  },
  {
    title: '新吴区{year}年集成电路产业职工技能竞赛',
    description: '新吴区总工会联合区科技局举办的行业比赛，未纳入年度竞赛计划。',
    tier: 'district',
    org: '新吴区总工会',
    inPlan: false,
    venue: '无锡国家高新区职工培训中心',
    held: prev(9, 19),
    length: 1,
    events: [
      {
        trade: '半导体芯片制造工',
        capacity: 40,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 50, unionMemberOnly: true },
        registrations: { arrivals: 14, cancels: 1 },
        judges: panel(J.cnc, J.electrician),
      },
      {
        trade: '仪器仪表维修工',
        capacity: 20,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 50, unionMemberOnly: true },
        registrations: { arrivals: 8 },
        judges: panel(J.electrician, J.cnc),
      },
    ],
  },
  {
    title: '滨湖区{year}年文旅服务业职工技能大赛',
    description: '滨湖区总工会主办的文旅服务业技能展示赛，未纳入年度竞赛计划。',
    tier: 'district',
    org: '滨湖区总工会',
    inPlan: false,
    venue: '灵山胜境会议中心',
    held: prev(11, 6),
    length: 1,
    events: [
      {
        trade: '茶艺师',
        capacity: 24,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 50, unionMemberOnly: true },
        registrations: { arrivals: 8 },
        judges: panel(J.tea, J.care),
      },
      {
        trade: '中式面点师',
        capacity: 24,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 8 },
        judges: panel(J.tea, J.care),
      },
    ],
  },
  // ---- this year, already over -------------------------------------------------------------------
  {
    title: '惠山区{year}年职工焊工、钳工技能竞赛',
    description: '惠山区总工会主办，成绩已公布，各赛项前六名已晋升高级工。',
    tier: 'district',
    org: '惠山区总工会',
    inPlan: true,
    venue: '无锡华东重型机械股份有限公司实训车间',
    held: cur(0.2),
    length: 1,
    events: [
      {
        trade: '焊工',
        capacity: 24,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 10 },
        judges: panel(J.welder, J.fitter),
      },
      {
        trade: '钳工',
        capacity: 24,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 9, cancels: 1 },
        judges: panel(J.fitter, J.welder),
      },
    ],
  },
  {
    title: '无锡威孚高科技集团{year}年数控技能比武',
    description: '企业岗位技能比武，纳入计划，前30%可晋升，成绩与晋升已公布。',
    tier: 'enterprise',
    org: '无锡威孚高科技集团股份有限公司工会',
    inPlan: true,
    venue: '无锡威孚高科技集团培训中心',
    held: cur(0.3),
    length: 1,
    events: [
      {
        trade: '多工序数控机床操作调整工',
        capacity: 20,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 50, unionMemberOnly: true },
        registrations: { arrivals: 12 },
        judges: panel(J.cnc, J.fitter),
      },
      {
        trade: '数控车工',
        capacity: 20,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 50, unionMemberOnly: true },
        registrations: { arrivals: 12 },
        judges: panel(J.cnc, J.fitter),
      },
    ],
  },
  {
    title: '红豆集团{year}年职工岗位技能比武',
    description: '企业岗位练兵、技术比武，纳入计划，各赛项前30%可晋升，成绩与晋升已公布。',
    tier: 'enterprise',
    org: '红豆集团有限公司工会',
    inPlan: true,
    venue: '红豆集团职工培训中心',
    held: cur(0.45),
    length: 1,
    events: [
      {
        trade: '纺纱工',
        capacity: 30,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 12, cancels: 1 },
        judges: panel(J.fitter, J.care),
      },
      {
        trade: '电工',
        capacity: 20,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 12 },
        judges: panel(J.electrician, J.fitter),
      },
    ],
  },
];

export const HISTORY_TRAININGS: readonly HistoryClassSeed[] = [
  // ---- the previous year -------------------------------------------------------------------------
  {
    title: '电工（四级/中级工）职业技能培训班（{year}年春季）',
    description: '已结业：考勤与考试合格的学员已获发证书并晋升中级工。',
    trade: '电工',
    targetLevel: 'intermediate',
    org: '梁溪区总工会',
    venue: '梁溪区职工服务中心 3 楼实训室',
    capacity: 30,
    sessions: { first: prev(3, 9), count: 6, every: 7, start: '18:30', end: '21:00' },
    enrolments: { arrivals: 10, cancels: 1 },
  },
  {
    title: '焊工（三级/高级工）技能提升班（{year}年）',
    description: '已结业：合格学员晋升高级工。',
    trade: '焊工',
    targetLevel: 'senior',
    org: '惠山区总工会',
    venue: '无锡华东重型机械股份有限公司实训车间',
    capacity: 16,
    sessions: { first: prev(4, 12), count: 5, every: 7, start: '08:30', end: '16:30' },
    enrolments: { arrivals: 6 },
  },
  {
    title: '眼镜验光员（四级/中级工）培训班（{year}年）',
    description: '已结业。',
    trade: '眼镜验光员',
    targetLevel: 'intermediate',
    org: '无锡市总工会',
    venue: '无锡市职工培训中心',
    capacity: 30,
    sessions: { first: prev(2, 24), count: 5, every: 5, start: '09:00', end: '16:00' },
    enrolments: { arrivals: 7 },
  },
  {
    title: '工业机器人系统操作员（四级/中级工）培训班（{year}年）',
    description: '惠山区智能制造人才培养项目，已结业。',
    trade: '工业机器人系统操作员',
    targetLevel: 'intermediate',
    org: '惠山区总工会',
    venue: '天奇自动化工程股份有限公司实训基地',
    capacity: 24,
    sessions: { first: prev(3, 3), count: 4, every: 7, start: '09:00', end: '16:30' },
    enrolments: { arrivals: 10 },
  },
  {
    title: '半导体芯片制造工（五级/初级工）培训班（{year}年）',
    description: '新吴区集成电路产业新员工岗位培训，已结业。',
    trade: '半导体芯片制造工',
    targetLevel: 'junior',
    org: '新吴区总工会',
    venue: '无锡国家高新区职工培训中心',
    capacity: 30,
    sessions: { first: prev(5, 10), count: 3, every: 7, start: '09:00', end: '16:00' },
    enrolments: { arrivals: 10, cancels: 1 },
  },
  {
    title: '印染工（四级/中级工）培训班（{year}年）',
    description: '已结业。',
    trade: '印染工',
    targetLevel: 'intermediate',
    org: '江阴市总工会',
    venue: '江阴市职工培训中心',
    capacity: 30,
    sessions: { first: prev(10, 11), count: 4, every: 7, start: '09:00', end: '15:00' },
    enrolments: { arrivals: 10 },
  },
  // ---- this year, already completed --------------------------------------------------------------
  {
    title: '电工（三级/高级工）技能提升培训班（{year}年春季班）',
    description: '已结业：合格学员已获发证书并晋升高级工。',
    trade: '电工',
    targetLevel: 'senior',
    org: '梁溪区总工会',
    venue: '梁溪区职工服务中心 3 楼实训室',
    capacity: 24,
    sessions: { first: cur(0.25), count: 6, every: 7, start: '18:30', end: '21:00' },
    enrolments: { arrivals: 13 },
  },
  {
    title: '电子商务师（四级/中级工）培训班（{year}年）',
    description: '已结业：合格学员已获发证书并晋升中级工。',
    trade: '电子商务师',
    targetLevel: 'intermediate',
    org: '无锡市总工会',
    venue: '无锡市职工培训中心',
    capacity: 30,
    sessions: { first: cur(0.4), count: 4, every: 7, start: '09:00', end: '16:00' },
    enrolments: { arrivals: 10, cancels: 1 },
  },
  {
    title: '仪器仪表维修工（四级/中级工）培训班（{year}年）',
    description: '已结业：合格学员已获发证书并晋升中级工。',
    trade: '仪器仪表维修工',
    targetLevel: 'intermediate',
    org: '无锡市总工会',
    venue: '无锡市职工培训中心',
    capacity: 30,
    sessions: { first: cur(0.15), count: 4, every: 7, start: '09:00', end: '16:00' },
    enrolments: { arrivals: 12 },
  },
];

/**
 * Demo contests (技能大赛 / 劳动竞赛), each in a different state so every screen has something to show.
 * Days are relative to the seed's "now" (Beijing calendar days); times are Beijing time.
 * Organisations and trades are named; registrations are generated from the demo workforce.
 */
import type { Aggregation, ContestTier, SkillLevel } from '@gongjiang/domain';

export interface RegistrationPlan {
  /** how many workers register, in arrival order (capped by who is eligible) */
  arrivals: number;
  /** live registrations later cancelled by the worker (a freed seat goes to the first waitlisted) */
  cancels?: number;
  /** pending registrations rejected by the organizer (approval events) */
  rejects?: number;
  /** share of the remaining pending registrations the organizer has approved */
  approvedShare?: number;
  /** every registration ends cancelled (the contest was cancelled) */
  cancelAll?: boolean;
  /** demo accounts (phones) who registered early on */
  include?: readonly string[];
}

export interface EventSeed {
  trade: string;
  capacity: number;
  /** defaults to the tier's: city technician, district senior, enterprise intermediate */
  targetLevel?: SkillLevel;
  requiresApproval?: boolean;
  eligibility: { minLevel?: SkillLevel; maxLevel?: SkillLevel; minAge?: number; maxAge?: number; unionMemberOnly?: boolean };
  aggregation?: Aggregation;
  venue?: string;
  registrations?: RegistrationPlan;
  /** judge accounts (phones) assigned to the event */
  judges?: readonly { phone: string; chief?: boolean }[];
}

export interface ContestSeed {
  /** `{year}` is replaced by the (Beijing) year the contest starts */
  title: string;
  description: string;
  tier: ContestTier;
  /** owning organisation, by name */
  org: string;
  inPlan: boolean;
  status: 'draft' | 'published' | 'cancelled';
  venue: string;
  /** Beijing calendar days from now: registration opens 09:00, closes 17:00; contest starts 08:30, ends 17:30 */
  days: { opens: number; closes: number; starts: number; ends: number };
  events: readonly EventSeed[];
}

export const CONTESTS: readonly ContestSeed[] = [
  {
    title: '无锡市第十九届职工职业技能大赛',
    description:
      '市总工会联合市人社局举办的年度综合性职工技能大赛，纳入全市职业技能竞赛计划。各赛项前三名经认定可晋升技师并授予“无锡市技术能手”称号。',
    tier: 'city',
    org: '无锡市总工会',
    inPlan: true,
    status: 'published',
    venue: '无锡技师学院实训中心',
    days: { opens: -12, closes: 18, starts: 30, ends: 31 },
    events: [
      {
        trade: '钳工',
        capacity: 40,
        eligibility: { minLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        aggregation: 'mean',
        registrations: { arrivals: 14, cancels: 1 },
        judges: [{ phone: '13900000011', chief: true }, { phone: '13900000013' }, { phone: '13900000015' }],
      },
      {
        trade: '电工',
        capacity: 36,
        requiresApproval: true,
        eligibility: { minLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        aggregation: 'median',
        registrations: { arrivals: 14, rejects: 1, approvedShare: 0.6 },
        judges: [{ phone: '13900000012', chief: true }, { phone: '13900000011' }, { phone: '13900000014' }],
      },
      {
        trade: '焊工',
        capacity: 30,
        eligibility: { minLevel: 'junior', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 12 },
        judges: [{ phone: '13900000015', chief: true }, { phone: '13900000011' }, { phone: '13900000013' }],
      },
    ],
  },
  {
    title: '梁溪区第五届职工职业技能竞赛',
    description: '梁溪区总工会主办，面向区内企事业单位职工。电工赛项名额已满，报名进入候补名单。',
    tier: 'district',
    org: '梁溪区总工会',
    inPlan: true,
    status: 'published',
    venue: '梁溪区职工服务中心（清扬路）',
    days: { opens: -7, closes: 10, starts: 21, ends: 21 },
    events: [
      {
        trade: '电工',
        capacity: 8,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 50, unionMemberOnly: true },
        registrations: { arrivals: 13, cancels: 1 },
      },
      {
        trade: '中式烹调师',
        capacity: 30,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 8 },
      },
      {
        trade: '养老护理员',
        capacity: 20,
        requiresApproval: true,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 9, rejects: 1, approvedShare: 0.5 },
      },
    ],
  },
  {
    title: '无锡供电公司{year}年配网运维技能比武',
    description: '企业内部岗位练兵、技术比武，未纳入市级竞赛计划。',
    tier: 'enterprise',
    org: '无锡供电公司工会',
    inPlan: false,
    status: 'published',
    venue: '无锡供电公司培训中心实训场',
    days: { opens: -3, closes: 12, starts: 16, ends: 16 },
    events: [
      {
        trade: '电力电缆安装运维工',
        capacity: 24,
        eligibility: { maxLevel: 'senior', minAge: 18, maxAge: 50, unionMemberOnly: false },
        registrations: { arrivals: 4 },
      },
      {
        trade: '电工',
        capacity: 16,
        eligibility: { maxLevel: 'senior', minAge: 18, maxAge: 50, unionMemberOnly: false },
        registrations: { arrivals: 4 },
      },
    ],
  },
  {
    title: '无锡市“太湖杯”数控与智能制造技能大赛',
    description: '市级一类竞赛，纳入年度计划。报名已截止，比赛正在进行，各赛项裁判已分配。',
    tier: 'city',
    org: '无锡市总工会',
    inPlan: true,
    status: 'published',
    venue: '无锡职业技术学院智能制造实训基地',
    days: { opens: -50, closes: -15, starts: -1, ends: 1 },
    events: [
      {
        trade: '数控车工',
        capacity: 30,
        eligibility: { minLevel: 'junior', minAge: 18, maxAge: 55, unionMemberOnly: true },
        aggregation: 'trimmed',
        registrations: { arrivals: 14, cancels: 2 },
        judges: [{ phone: '13900000013', chief: true }, { phone: '13900000011' }, { phone: '13900000015' }],
      },
      {
        trade: '多工序数控机床操作调整工',
        capacity: 24,
        eligibility: { minLevel: 'junior', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 8 },
        judges: [{ phone: '13900000011', chief: true }, { phone: '13900000013' }, { phone: '13900000015' }],
      },
      {
        trade: '工业机器人系统操作员',
        capacity: 6,
        eligibility: { minAge: 18, maxAge: 45, unionMemberOnly: true },
        registrations: { arrivals: 9, cancels: 1 },
        judges: [{ phone: '13900000013', chief: true }, { phone: '13900000012' }, { phone: '13900000011' }],
      },
    ],
  },
  {
    title: '新吴区集成电路产业职工技能竞赛',
    description: '新吴区总工会联合区科技局举办，比赛已结束，成绩待公布。',
    tier: 'district',
    org: '新吴区总工会',
    inPlan: true,
    status: 'published',
    venue: '无锡国家高新区职工培训中心',
    days: { opens: -60, closes: -30, starts: -20, ends: -19 },
    events: [
      {
        trade: '半导体芯片制造工',
        capacity: 40,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 50, unionMemberOnly: true },
        registrations: { arrivals: 14, cancels: 1 },
      },
      {
        trade: '仪器仪表维修工',
        capacity: 20,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 50, unionMemberOnly: true },
        registrations: { arrivals: 8 },
      },
    ],
  },
  {
    title: '七〇二所第十届青年职工技能比武',
    description: '面向35周岁以下青年职工的岗位技能比武，纳入计划，前30%可晋升中级工。',
    tier: 'enterprise',
    org: '中国船舶重工集团公司第七〇二研究所工会',
    inPlan: true,
    status: 'published',
    venue: '七〇二所机加工车间',
    days: { opens: -5, closes: 9, starts: 14, ends: 14 },
    events: [
      {
        trade: '钳工',
        capacity: 20,
        eligibility: { maxLevel: 'senior', minAge: 18, maxAge: 35, unionMemberOnly: true },
        registrations: { arrivals: 3 },
      },
      {
        trade: '数控车工',
        capacity: 12,
        eligibility: { maxLevel: 'senior', minAge: 18, maxAge: 35, unionMemberOnly: true },
        registrations: { arrivals: 2 },
      },
    ],
  },
  {
    title: '江阴市纺织行业职工技能竞赛',
    description: '草稿：赛项与评分细则待市总工会审核后发布。',
    tier: 'district',
    org: '江阴市总工会',
    inPlan: false,
    status: 'draft',
    venue: '江阴市职工培训中心',
    days: { opens: 20, closes: 40, starts: 50, ends: 51 },
    events: [
      { trade: '纺织纤维梳理工', capacity: 40, eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true } },
      { trade: '印染工', capacity: 30, eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true } },
    ],
  },
  {
    title: '无锡市快递物流行业职业技能竞赛',
    description: '因场地调整，本届比赛取消，已报名人员的报名自动取消。',
    tier: 'city',
    org: '无锡市总工会',
    inPlan: true,
    status: 'cancelled',
    venue: '无锡国际物流园',
    days: { opens: -20, closes: 5, starts: 15, ends: 15 },
    events: [
      {
        trade: '快递员',
        capacity: 40,
        eligibility: { minAge: 18, maxAge: 55, unionMemberOnly: false },
        registrations: { arrivals: 6, cancelAll: true },
      },
      {
        trade: '网约配送员',
        capacity: 40,
        eligibility: { minAge: 18, maxAge: 55, unionMemberOnly: false },
        registrations: { arrivals: 4, cancelAll: true },
      },
    ],
  },
  {
    title: '滨湖区文旅服务业职工技能大赛',
    description: '已发布，报名将于近日开始。',
    tier: 'district',
    org: '滨湖区总工会',
    inPlan: true,
    status: 'published',
    venue: '灵山胜境会议中心',
    days: { opens: 4, closes: 25, starts: 35, ends: 35 },
    events: [
      {
        trade: '茶艺师',
        capacity: 24,
        eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 50, unionMemberOnly: true },
        judges: [{ phone: '13900000016', chief: true }, { phone: '13900000014' }],
      },
      { trade: '中式面点师', capacity: 24, eligibility: { maxLevel: 'intermediate', minAge: 18, maxAge: 55, unionMemberOnly: true } },
    ],
  },
  {
    title: '无锡市养老护理和育婴职业技能竞赛',
    description: '报名已截止，部分养老护理员报名尚待审核；比赛下周举行。',
    tier: 'city',
    org: '无锡市总工会',
    inPlan: true,
    status: 'published',
    venue: '无锡市社会福利中心培训楼',
    days: { opens: -30, closes: -2, starts: 6, ends: 6 },
    events: [
      {
        trade: '养老护理员',
        capacity: 24,
        requiresApproval: true,
        eligibility: { minLevel: 'junior', minAge: 20, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 12, rejects: 1, approvedShare: 0.75 },
        judges: [{ phone: '13900000014', chief: true }, { phone: '13900000016' }, { phone: '13900000012' }],
      },
      {
        trade: '育婴员',
        capacity: 20,
        eligibility: { minAge: 20, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 8, cancels: 1 },
        judges: [{ phone: '13900000014', chief: true }, { phone: '13900000016' }],
      },
    ],
  },
  {
    title: '无锡市技能·技工大赛电气与汽车专项赛',
    description: '市级专项赛，已于数月前举行，成绩与晋升待发布。',
    tier: 'city',
    org: '无锡市总工会',
    inPlan: true,
    status: 'published',
    venue: '无锡交通高等职业技术学校',
    days: { opens: -150, closes: -125, starts: -115, ends: -114 },
    events: [
      {
        trade: '电工',
        capacity: 30,
        eligibility: { minLevel: 'junior', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 14, cancels: 1, include: ['13900000101'] },
        judges: [{ phone: '13900000012', chief: true }, { phone: '13900000011' }, { phone: '13900000015' }],
      },
      {
        trade: '汽车维修工',
        capacity: 24,
        eligibility: { minLevel: 'junior', minAge: 18, maxAge: 55, unionMemberOnly: true },
        registrations: { arrivals: 8 },
      },
    ],
  },
];

/**
 * Demo training classes (培训班) in every state: draft, open for enrolment, full with a waiting list,
 * under way, all sessions held and awaiting completion, completed, cancelled.
 * Days are relative to the seed's "now" (Beijing calendar days); times are Beijing time.
 */
import type { SkillLevel } from '@gongjiang/domain';

export interface TrainingSeed {
  title: string;
  description: string;
  trade: string;
  targetLevel: SkillLevel;
  /** owning organisation, by name */
  org: string;
  status: 'draft' | 'published' | 'completed' | 'cancelled';
  venue: string;
  capacity: number;
  /** enrolment opens 09:00 / closes 17:00, Beijing days from now */
  enrolDays: { opens: number; closes: number };
  /** `count` sessions, the first on day `first`, then every `every` days, `start`–`end` Beijing time */
  sessions: { first: number; count: number; every: number; start: string; end: string };
  enrolments?: { arrivals: number; cancels?: number; include?: readonly string[] };
}

export const TRAININGS: readonly TrainingSeed[] = [
  {
    title: '电工（三级/高级工）技能提升培训班',
    description: '面向持中级工证书的电工，系统讲授低压配电、PLC 控制与故障排查，结业考核合格可晋升高级工。',
    trade: '电工',
    targetLevel: 'senior',
    org: '梁溪区总工会',
    status: 'published',
    venue: '梁溪区职工服务中心 3 楼实训室',
    capacity: 30,
    enrolDays: { opens: -10, closes: 8 },
    sessions: { first: 10, count: 8, every: 3, start: '18:30', end: '21:00' },
    enrolments: { arrivals: 12, cancels: 1, include: ['13900000101'] },
  },
  {
    title: '养老护理员（四级/中级工）职业技能培训班',
    description: '面向一线养老护理员的中级工培训，名额已满，可报名候补。',
    trade: '养老护理员',
    targetLevel: 'intermediate',
    org: '梁溪区总工会',
    status: 'published',
    venue: '无锡市社会福利中心培训楼',
    capacity: 4,
    enrolDays: { opens: -14, closes: 4 },
    sessions: { first: 6, count: 6, every: 2, start: '09:00', end: '16:00' },
    enrolments: { arrivals: 10, cancels: 1 },
  },
  {
    title: '数控车工（三级/高级工）研修班',
    description: '正在进行：已完成前两次课程，签到记录已录入。',
    trade: '数控车工',
    targetLevel: 'senior',
    org: '新吴区总工会',
    status: 'published',
    venue: '无锡威孚高科技集团培训中心',
    capacity: 24,
    enrolDays: { opens: -40, closes: -20 },
    sessions: { first: -14, count: 6, every: 7, start: '09:00', end: '16:30' },
    enrolments: { arrivals: 10 },
  },
  {
    title: '育婴员（四级/中级工）培训班',
    description: '全部课程已结束，考试成绩已录入，待组织者办理结业。',
    trade: '育婴员',
    targetLevel: 'intermediate',
    org: '无锡市总工会',
    status: 'published',
    venue: '无锡市职工培训中心',
    capacity: 30,
    enrolDays: { opens: -45, closes: -32 },
    sessions: { first: -30, count: 5, every: 5, start: '09:00', end: '16:00' },
    enrolments: { arrivals: 12 },
  },
  {
    title: '焊工（四级/中级工）技能培训班',
    description: '已结业。',
    trade: '焊工',
    targetLevel: 'intermediate',
    org: '江阴市总工会',
    status: 'completed',
    venue: '江阴市职工培训中心焊接实训车间',
    capacity: 20,
    enrolDays: { opens: -90, closes: -75 },
    sessions: { first: -70, count: 5, every: 7, start: '08:30', end: '16:30' },
    enrolments: { arrivals: 9, cancels: 1 },
  },
  {
    title: '茶艺师（四级/中级工）培训班',
    description: '草稿：课程安排待确认。',
    trade: '茶艺师',
    targetLevel: 'intermediate',
    org: '滨湖区总工会',
    status: 'draft',
    venue: '灵山胜境茶文化馆',
    capacity: 20,
    enrolDays: { opens: 7, closes: 18 },
    sessions: { first: 20, count: 4, every: 7, start: '13:30', end: '17:00' },
  },
  {
    title: '快递员安全作业与服务规范培训班',
    description: '面向新就业形态劳动者，讲授交通安全、分拣规范与服务礼仪。',
    trade: '快递员',
    targetLevel: 'junior',
    org: '无锡市梁溪区快递行业工会联合会',
    status: 'published',
    venue: '梁溪区新就业形态劳动者服务站',
    capacity: 40,
    enrolDays: { opens: -6, closes: 3 },
    sessions: { first: 5, count: 3, every: 7, start: '14:00', end: '17:00' },
    enrolments: { arrivals: 6 },
  },
  {
    title: '中式面点师（四级/中级工）培训班',
    description: '因报名人数不足，本期培训班取消。',
    trade: '中式面点师',
    targetLevel: 'intermediate',
    org: '惠山区总工会',
    status: 'cancelled',
    venue: '惠山区职工服务中心',
    capacity: 20,
    enrolDays: { opens: -25, closes: -8 },
    sessions: { first: -4, count: 4, every: 7, start: '09:00', end: '15:00' },
  },
  {
    title: '工业机器人系统运维员（三级/高级工）研修班',
    description: '惠山区智能制造人才培养项目，企业推荐、工会补贴。',
    trade: '工业机器人系统运维员',
    targetLevel: 'senior',
    org: '惠山区总工会',
    status: 'published',
    venue: '天奇自动化工程股份有限公司实训基地',
    capacity: 20,
    enrolDays: { opens: -2, closes: 14 },
    sessions: { first: 17, count: 5, every: 7, start: '09:00', end: '16:30' },
    enrolments: { arrivals: 4 },
  },
];

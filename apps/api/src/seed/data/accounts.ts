/**
 * The named demo accounts (README and e2e tests log in with these). All share one password.
 * Judges and the complete demo worker carry a full profile: a skilled worker's resident ID,
 * employer (= their account's organisation), trade and level.
 */
import type { Role, SkillLevel } from '@gongjiang/domain';

export const DEMO_PASSWORD = 'Gongjiang@2026';

export interface AccountSeed {
  phone: string;
  name: string;
  roles: readonly Role[];
  /** the organisation they run (organizers, admin) or their employer (judges, workers); null = not yet chosen */
  org: string | null;
  description: string;
  profile?: {
    /** region code, birth date YYYYMMDD and sequence (odd = male) of the resident ID */
    region: string;
    birth: string;
    sequence: number;
    trade: string;
    skillLevel: SkillLevel;
    certificateNo: string;
    unionMember: boolean;
  };
}

export const ACCOUNT_SEEDS: readonly AccountSeed[] = [
  { phone: '13900000001', name: '钱晓东', roles: ['admin'], org: '无锡市总工会', description: '管理员：组织机构、工种目录、账号' },
  { phone: '13900000002', name: '顾文华', roles: ['organizer'], org: '无锡市总工会', description: '市总工会组织者（全市）' },
  { phone: '13900000003', name: '陆佳', roles: ['organizer'], org: '梁溪区总工会', description: '区总工会组织者（梁溪区）' },
  { phone: '13900000004', name: '秦亮', roles: ['organizer'], org: '无锡供电公司工会', description: '基层工会组织者（无锡供电公司）' },
  {
    phone: '13900000011',
    name: '顾志强',
    roles: ['judge'],
    org: '中国船舶重工集团公司第七〇二研究所工会',
    description: '裁判（钳工），多个赛项的裁判长',
    profile: {
      region: '320211',
      birth: '19680912',
      sequence: 31,
      trade: '钳工',
      skillLevel: 'senior_technician',
      certificateNo: 'S200532021100008813',
      unionMember: true,
    },
  },
  {
    phone: '13900000012',
    name: '陆海峰',
    roles: ['judge'],
    org: '无锡供电公司工会',
    description: '裁判（电工），电工赛项裁判长',
    profile: {
      region: '320213',
      birth: '19750403',
      sequence: 57,
      trade: '电工',
      skillLevel: 'technician',
      certificateNo: 'S201232021300021577',
      unionMember: true,
    },
  },
  {
    phone: '13900000013',
    name: '钱国平',
    roles: ['judge'],
    org: '无锡威孚高科技集团股份有限公司工会',
    description: '裁判（数控车工），数控赛项裁判长',
    profile: {
      region: '320214',
      birth: '19710725',
      sequence: 13,
      trade: '数控车工',
      skillLevel: 'senior_technician',
      certificateNo: 'S200932021400003391',
      unionMember: true,
    },
  },
  {
    phone: '13900000014',
    name: '华丽娟',
    roles: ['judge'],
    org: '无锡市人民医院工会',
    description: '裁判（养老护理员、育婴员）',
    profile: {
      region: '320202',
      birth: '19781102',
      sequence: 46,
      trade: '养老护理员',
      skillLevel: 'technician',
      certificateNo: 'S201632020200045106',
      unionMember: true,
    },
  },
  {
    phone: '13900000015',
    name: '秦卫东',
    roles: ['judge'],
    org: '双良集团有限公司工会',
    description: '裁判（焊工），焊工赛项裁判长',
    profile: {
      region: '320281',
      birth: '19700218',
      sequence: 75,
      trade: '焊工',
      skillLevel: 'senior_technician',
      certificateNo: 'S200732028100012275',
      unionMember: true,
    },
  },
  {
    phone: '13900000016',
    name: '浦雪芳',
    roles: ['judge'],
    org: '无锡灵山文化旅游集团有限公司工会',
    description: '裁判（茶艺师），茶艺赛项裁判长',
    profile: {
      region: '320211',
      birth: '19820607',
      sequence: 88,
      trade: '茶艺师',
      skillLevel: 'technician',
      certificateNo: 'S201932021100067018',
      unionMember: true,
    },
  },
  {
    phone: '13900000101',
    name: '王建国',
    roles: ['worker'],
    org: '无锡供电公司工会',
    description: '职工，资料完整（电工，四级/中级工，工会会员）',
    profile: {
      region: '320213',
      birth: '19860315',
      sequence: 157,
      trade: '电工',
      skillLevel: 'intermediate',
      certificateNo: 'S201832021300107342',
      unionMember: true,
    },
  },
  { phone: '13900000102', name: '李晓雯', roles: ['worker'], org: null, description: '职工，刚注册，资料未填写' },
];

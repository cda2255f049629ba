/**
 * The demo organisation tree (domain.md § Who uses it): 无锡市总工会 → the seven county-level city /
 * district unions → base unions (基层工会) of real-sounding Wuxi enterprises and institutions.
 *
 * `memberCount` of the federation and the districts is the whole real subtree (the union report:
 * 244.13 万 members, 13,480 base unions), not the sum of the few base unions seeded here.
 * `trades` are the trades (by name, see ./trades) the union's workers are drawn from, commonest first.
 */

export const FEDERATION = { name: '无锡市总工会', memberCount: 2_441_300 } as const;

export type DistrictKey = 'jiangyin' | 'yixing' | 'liangxi' | 'xishan' | 'huishan' | 'binhu' | 'xinwu';

export interface DistrictSeed {
  key: DistrictKey;
  name: string;
  /** GB/T 2260 administrative division code, the first six digits of residents' ID numbers */
  region: string;
  memberCount: number;
}

export const DISTRICTS: readonly DistrictSeed[] = [
  { key: 'jiangyin', name: '江阴市总工会', region: '320281', memberCount: 486_000 },
  { key: 'yixing', name: '宜兴市总工会', region: '320282', memberCount: 318_000 },
  { key: 'liangxi', name: '梁溪区总工会', region: '320213', memberCount: 392_000 },
  { key: 'xishan', name: '锡山区总工会', region: '320205', memberCount: 228_000 },
  { key: 'huishan', name: '惠山区总工会', region: '320206', memberCount: 241_000 },
  { key: 'binhu', name: '滨湖区总工会', region: '320211', memberCount: 305_000 },
  { key: 'xinwu', name: '新吴区总工会', region: '320214', memberCount: 471_300 },
];

/** Every Wuxi region code; a few workers were born in another district than the one they work in. */
export const WUXI_REGIONS = ['320202', '320205', '320206', '320211', '320213', '320214', '320281', '320282'] as const;

export interface BaseUnionSeed {
  name: string;
  district: DistrictKey;
  memberCount: number;
  trades: readonly string[];
}

export const BASE_UNIONS: readonly BaseUnionSeed[] = [
  // 江阴市
  {
    name: '江苏阳光集团有限公司工会',
    district: 'jiangyin',
    memberCount: 11_800,
    trades: ['纺纱工', '纺织纤维梳理工', '印染工', '机修钳工', '电工', '企业人力资源管理师'],
  },
  {
    name: '法尔胜泓昇集团有限公司工会',
    district: 'jiangyin',
    memberCount: 6_200,
    trades: ['钳工', '焊工', '金属热处理工', '起重装卸机械操作工', '车工', '电工'],
  },
  {
    name: '双良集团有限公司工会',
    district: 'jiangyin',
    memberCount: 4_500,
    trades: ['焊工', '制冷空调系统安装维修工', '钳工', '数控车工', '电工'],
  },
  {
    name: '海澜集团有限公司工会',
    district: 'jiangyin',
    memberCount: 9_000,
    trades: ['纺纱工', '印染工', '电子商务师', '物流服务师', '企业人力资源管理师'],
  },
  {
    name: '江阴兴澄特种钢铁有限公司工会',
    district: 'jiangyin',
    memberCount: 7_600,
    trades: ['金属热处理工', '铸造工', '起重装卸机械操作工', '维修电工', '仪器仪表维修工', '焊工'],
  },
  // 宜兴市
  {
    name: '宜兴环保科技工业园工会联合会',
    district: 'yixing',
    memberCount: 5_200,
    trades: ['化工总控工', '焊工', '电工', '仪器仪表维修工', '企业人力资源管理师'],
  },
  {
    name: '远东控股集团有限公司工会',
    district: 'yixing',
    memberCount: 8_000,
    trades: ['电力电缆安装运维工', '电工', '焊工', '电子商务师', '起重装卸机械操作工'],
  },
  { name: '宜兴市人民医院工会', district: 'yixing', memberCount: 3_200, trades: ['医疗护理员', '养老护理员', '中式烹调师', '眼镜验光员'] },
  { name: '宜兴市陶都物流有限公司工会', district: 'yixing', memberCount: 900, trades: ['快递员', '物流服务师', '起重装卸机械操作工'] },
  // 梁溪区
  {
    name: '无锡供电公司工会',
    district: 'liangxi',
    memberCount: 4_300,
    trades: ['电工', '维修电工', '电力电缆安装运维工', '送配电线路工', '变配电运行值班员', '信息通信网络运行管理员', '无人机驾驶员'],
  },
  {
    name: '无锡一棉纺织集团有限公司工会',
    district: 'liangxi',
    memberCount: 3_100,
    trades: ['纺纱工', '纺织纤维梳理工', '机修钳工', '电工'],
  },
  {
    name: '无锡市人民医院工会',
    district: 'liangxi',
    memberCount: 5_600,
    trades: ['医疗护理员', '养老护理员', '育婴员', '消防设施操作员', '中式烹调师'],
  },
  {
    name: '无锡地铁集团有限公司工会',
    district: 'liangxi',
    memberCount: 6_800,
    trades: ['城市轨道交通列车司机', '电工', '电梯安装维修工', '信息通信网络运行管理员', '维修电工', '消防设施操作员', '保安员'],
  },
  {
    name: '无锡商业大厦大东方股份有限公司工会',
    district: 'liangxi',
    memberCount: 3_000,
    trades: ['电子商务师', '汽车维修工', '西式面点师', '美容师', '眼镜验光员'],
  },
  {
    name: '无锡市社会福利中心工会',
    district: 'liangxi',
    memberCount: 600,
    trades: ['养老护理员', '保育师', '育婴员', '医疗护理员', '家政服务员'],
  },
  { name: '无锡市梁溪区快递行业工会联合会', district: 'liangxi', memberCount: 2_100, trades: ['快递员', '网约配送员', '物流服务师'] },
  {
    name: '无锡市梁溪区餐饮行业工会联合会',
    district: 'liangxi',
    memberCount: 2_600,
    trades: ['中式烹调师', '中式面点师', '西式面点师', '西式烹调师', '茶艺师', '食品检验员'],
  },
  {
    name: '无锡市梁溪区生活服务业工会联合会',
    district: 'liangxi',
    memberCount: 1_700,
    trades: ['家政服务员', '美容师', '美发师', '育婴员', '眼镜验光员'],
  },
  // 锡山区
  {
    name: '红豆集团有限公司工会',
    district: 'xishan',
    memberCount: 12_000,
    trades: ['纺纱工', '印染工', '电子商务师', '机修钳工', '电工', '企业人力资源管理师'],
  },
  { name: '无锡市锡山人民医院工会', district: 'xishan', memberCount: 1_800, trades: ['医疗护理员', '养老护理员', '育婴员'] },
  {
    name: '无锡锡东环保能源有限公司工会',
    district: 'xishan',
    memberCount: 400,
    trades: ['化工总控工', '电工', '仪器仪表维修工', '起重装卸机械操作工'],
  },
  {
    name: '无锡锡山三建实业有限公司工会',
    district: 'xishan',
    memberCount: 2_200,
    trades: ['焊工', '电工', '电梯安装维修工', '制冷空调系统安装维修工', '起重装卸机械操作工'],
  },
  // 惠山区
  {
    name: '天奇自动化工程股份有限公司工会',
    district: 'huishan',
    memberCount: 2_600,
    trades: ['工业机器人系统操作员', '工业机器人系统运维员', '钳工', '焊工', '电工'],
  },
  {
    name: '无锡华东重型机械股份有限公司工会',
    district: 'huishan',
    memberCount: 1_500,
    trades: ['焊工', '起重装卸机械操作工', '钳工', '车工', '铣工'],
  },
  { name: '无锡市惠山区人民医院工会', district: 'huishan', memberCount: 1_400, trades: ['医疗护理员', '养老护理员', '育婴员'] },
  {
    name: '无锡市惠山区家政服务行业工会联合会',
    district: 'huishan',
    memberCount: 1_100,
    trades: ['家政服务员', '养老护理员', '育婴员', '保育师', '中式面点师'],
  },
  // 滨湖区
  {
    name: '中国船舶重工集团公司第七〇二研究所工会',
    district: 'binhu',
    memberCount: 2_800,
    trades: ['钳工', '车工', '数控车工', '铣工', '焊工', '电工', '磨工', '仪器仪表维修工'],
  },
  {
    name: '无锡透平叶片有限公司工会',
    district: 'binhu',
    memberCount: 1_200,
    trades: ['数控车工', '多工序数控机床操作调整工', '磨工', '铣工', '金属热处理工'],
  },
  {
    name: '无锡灵山文化旅游集团有限公司工会',
    district: 'binhu',
    memberCount: 3_600,
    trades: ['茶艺师', '中式烹调师', '中式面点师', '保安员', '消防设施操作员', '无人机驾驶员'],
  },
  { name: '江南大学附属医院工会', district: 'binhu', memberCount: 3_900, trades: ['医疗护理员', '眼镜验光员', '养老护理员', '育婴员'] },
  // 新吴区
  {
    name: '海力士半导体(中国)有限公司工会',
    district: 'xinwu',
    memberCount: 5_800,
    trades: ['半导体芯片制造工', '仪器仪表维修工', '电工', '工业机器人系统运维员', '化工总控工', '制冷空调系统安装维修工'],
  },
  {
    name: '无锡威孚高科技集团股份有限公司工会',
    district: 'xinwu',
    memberCount: 5_100,
    trades: ['数控车工', '车工', '磨工', '钳工', '汽车装调工', '多工序数控机床操作调整工', '企业人力资源管理师'],
  },
  {
    name: '博世汽车柴油系统有限公司工会',
    district: 'xinwu',
    memberCount: 6_000,
    trades: ['数控车工', '多工序数控机床操作调整工', '汽车装调工', '工业机器人系统操作员', '磨工'],
  },
  {
    name: '无锡小天鹅电器有限公司工会',
    district: 'xinwu',
    memberCount: 4_000,
    trades: ['工业机器人系统操作员', '焊工', '电工', '电子商务师', '制冷空调系统安装维修工'],
  },
  {
    name: '无锡华润微电子有限公司工会',
    district: 'xinwu',
    memberCount: 3_300,
    trades: ['半导体芯片制造工', '仪器仪表维修工', '化工总控工', '物联网安装调试员'],
  },
  {
    name: '无锡村田电子有限公司工会',
    district: 'xinwu',
    memberCount: 2_700,
    trades: ['半导体芯片制造工', '物联网安装调试员', '电工', '仪器仪表维修工'],
  },
  {
    name: '无锡顺丰速运有限公司工会',
    district: 'xinwu',
    memberCount: 1_900,
    trades: ['快递员', '物流服务师', '无人机驾驶员', '网约配送员'],
  },
  { name: '无锡市新吴区汽车维修行业工会联合会', district: 'xinwu', memberCount: 1_300, trades: ['汽车维修工', '汽车装调工', '电工'] },
];

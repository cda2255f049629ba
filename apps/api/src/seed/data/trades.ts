/**
 * The trade catalogue (工种) with national occupation codes of 中华人民共和国职业分类大典 (2022 edition,
 * codes largely carried over from 2015), written "major-middle-minor-occupation" (6-18-01-01).
 *
 * Codes are our best reading of the 大典 and should be checked against the printed edition before
 * production use. Where a trade is a 工种 inside one occupation that the catalogue also lists
 * (数控车工 inside 车工, 维修电工 inside 电工), the 工种 gets the occupation's code plus its own two-digit
 * number, so codes stay unique: 车工 6-18-01-01, 数控车工 6-18-01-01-02.
 *
 * `family` picks the marking-scheme template of a contest event; `femaleShare` shapes the demo workforce.
 */

export type TradeFamily =
  | 'machining'
  | 'fitting'
  | 'electrical'
  | 'welding'
  | 'electronics'
  | 'textile'
  | 'care'
  | 'culinary'
  | 'logistics'
  | 'service'
  | 'general';

export interface TradeSeed {
  code: string;
  name: string;
  nameEn: string;
  family: TradeFamily;
  femaleShare: number;
}

export const TRADES: readonly TradeSeed[] = [
  // 6 生产制造及有关人员 — 机械制造基础加工
  { code: '6-18-01-01', name: '车工', nameEn: 'Lathe operator', family: 'machining', femaleShare: 0.08 },
  { code: '6-18-01-01-02', name: '数控车工', nameEn: 'CNC lathe operator', family: 'machining', femaleShare: 0.1 },
  { code: '6-18-01-02', name: '铣工', nameEn: 'Milling machine operator', family: 'machining', femaleShare: 0.08 },
  { code: '6-18-01-04', name: '磨工', nameEn: 'Grinding machine operator', family: 'machining', femaleShare: 0.12 },
  {
    code: '6-18-01-07',
    name: '多工序数控机床操作调整工',
    nameEn: 'Multi-process CNC machine tool operator',
    family: 'machining',
    femaleShare: 0.1,
  },
  { code: '6-18-02-01', name: '铸造工', nameEn: 'Foundry worker', family: 'general', femaleShare: 0.04 },
  { code: '6-18-02-03', name: '金属热处理工', nameEn: 'Metal heat treater', family: 'general', femaleShare: 0.06 },
  { code: '6-18-02-04', name: '焊工', nameEn: 'Welder', family: 'welding', femaleShare: 0.05 },
  // 通用设备、汽车、电子
  { code: '6-20-01-01', name: '钳工', nameEn: 'Fitter', family: 'fitting', femaleShare: 0.06 },
  { code: '6-22-02-01', name: '汽车装调工', nameEn: 'Automobile assembler and tuner', family: 'fitting', femaleShare: 0.15 },
  {
    code: '6-25-02-01',
    name: '半导体芯片制造工',
    nameEn: 'Semiconductor chip fabrication worker',
    family: 'electronics',
    femaleShare: 0.55,
  },
  {
    code: '6-25-04-10',
    name: '物联网安装调试员',
    nameEn: 'IoT installer and commissioning technician',
    family: 'electronics',
    femaleShare: 0.2,
  },
  // 纺织、化工
  { code: '6-04-01-01', name: '纺织纤维梳理工', nameEn: 'Textile fibre carding operator', family: 'textile', femaleShare: 0.7 },
  { code: '6-04-02-01', name: '纺纱工', nameEn: 'Spinner', family: 'textile', femaleShare: 0.8 },
  { code: '6-04-07-01', name: '印染工', nameEn: 'Dyeing and printing operator', family: 'textile', femaleShare: 0.45 },
  { code: '6-11-01-03', name: '化工总控工', nameEn: 'Chemical process control operator', family: 'general', femaleShare: 0.2 },
  // 电力、建筑安装、运输设备操作、设备修理
  { code: '6-28-01-14', name: '变配电运行值班员', nameEn: 'Substation operator', family: 'electrical', femaleShare: 0.3 },
  { code: '6-28-02-01', name: '送配电线路工', nameEn: 'Power line worker', family: 'electrical', femaleShare: 0.03 },
  {
    code: '6-28-02-03',
    name: '电力电缆安装运维工',
    nameEn: 'Power cable installation and maintenance worker',
    family: 'electrical',
    femaleShare: 0.05,
  },
  { code: '6-29-03-03', name: '电梯安装维修工', nameEn: 'Elevator installer and repairer', family: 'electrical', femaleShare: 0.03 },
  {
    code: '6-29-03-05',
    name: '制冷空调系统安装维修工',
    nameEn: 'Refrigeration and air-conditioning installer and repairer',
    family: 'electrical',
    femaleShare: 0.05,
  },
  { code: '6-30-05-01', name: '起重装卸机械操作工', nameEn: 'Crane and loading machinery operator', family: 'general', femaleShare: 0.08 },
  { code: '6-30-99-00', name: '工业机器人系统操作员', nameEn: 'Industrial robot system operator', family: 'electronics', femaleShare: 0.2 },
  { code: '6-31-01-02', name: '机修钳工', nameEn: 'Maintenance fitter', family: 'fitting', femaleShare: 0.05 },
  { code: '6-31-01-03', name: '电工', nameEn: 'Electrician', family: 'electrical', femaleShare: 0.06 },
  { code: '6-31-01-03-02', name: '维修电工', nameEn: 'Maintenance electrician', family: 'electrical', femaleShare: 0.06 },
  { code: '6-31-01-05', name: '仪器仪表维修工', nameEn: 'Instrument and meter repairer', family: 'electronics', femaleShare: 0.2 },
  {
    code: '6-31-01-10',
    name: '工业机器人系统运维员',
    nameEn: 'Industrial robot system maintenance technician',
    family: 'electronics',
    femaleShare: 0.12,
  },
  // 4 社会生产服务和生活服务人员
  { code: '4-01-02-02', name: '电子商务师', nameEn: 'E-commerce specialist', family: 'service', femaleShare: 0.6 },
  { code: '4-02-01-04', name: '城市轨道交通列车司机', nameEn: 'Urban rail train driver', family: 'general', femaleShare: 0.15 },
  { code: '4-02-06-03', name: '物流服务师', nameEn: 'Logistics service specialist', family: 'logistics', femaleShare: 0.35 },
  { code: '4-02-07-08', name: '快递员', nameEn: 'Courier', family: 'logistics', femaleShare: 0.12 },
  { code: '4-02-07-10', name: '网约配送员', nameEn: 'Online platform delivery rider', family: 'logistics', femaleShare: 0.1 },
  { code: '4-03-02-01', name: '中式烹调师', nameEn: 'Chinese cuisine cook', family: 'culinary', femaleShare: 0.2 },
  { code: '4-03-02-02', name: '中式面点师', nameEn: 'Chinese pastry cook', family: 'culinary', femaleShare: 0.5 },
  { code: '4-03-02-03', name: '西式烹调师', nameEn: 'Western cuisine cook', family: 'culinary', femaleShare: 0.25 },
  { code: '4-03-02-04', name: '西式面点师', nameEn: 'Western pastry cook', family: 'culinary', femaleShare: 0.6 },
  { code: '4-03-02-07', name: '茶艺师', nameEn: 'Tea art specialist', family: 'culinary', femaleShare: 0.8 },
  {
    code: '4-04-04-01',
    name: '信息通信网络运行管理员',
    nameEn: 'ICT network operations administrator',
    family: 'electronics',
    femaleShare: 0.3,
  },
  { code: '4-07-03-02', name: '企业人力资源管理师', nameEn: 'Enterprise human resources manager', family: 'service', femaleShare: 0.7 },
  { code: '4-07-05-01', name: '保安员', nameEn: 'Security guard', family: 'service', femaleShare: 0.1 },
  { code: '4-07-05-04', name: '消防设施操作员', nameEn: 'Fire protection equipment operator', family: 'service', femaleShare: 0.25 },
  { code: '4-08-05-01', name: '食品检验员', nameEn: 'Food inspector', family: 'service', femaleShare: 0.6 },
  { code: '4-10-01-01', name: '家政服务员', nameEn: 'Domestic service worker', family: 'care', femaleShare: 0.9 },
  { code: '4-10-01-02', name: '育婴员', nameEn: 'Infant care worker', family: 'care', femaleShare: 0.97 },
  { code: '4-10-01-03', name: '保育师', nameEn: 'Nursery childcare worker', family: 'care', femaleShare: 0.95 },
  { code: '4-10-01-05', name: '养老护理员', nameEn: 'Elderly care worker', family: 'care', femaleShare: 0.85 },
  { code: '4-10-03-01', name: '美容师', nameEn: 'Beautician', family: 'service', femaleShare: 0.9 },
  { code: '4-10-03-02', name: '美发师', nameEn: 'Hairdresser', family: 'service', femaleShare: 0.5 },
  { code: '4-12-01-01', name: '汽车维修工', nameEn: 'Motor vehicle mechanic', family: 'fitting', femaleShare: 0.05 },
  { code: '4-14-01-02', name: '医疗护理员', nameEn: 'Medical care assistant', family: 'care', femaleShare: 0.88 },
  { code: '4-14-02-01', name: '眼镜验光员', nameEn: 'Optometry technician', family: 'service', femaleShare: 0.55 },
  { code: '4-99-00-00', name: '无人机驾驶员', nameEn: 'Unmanned aerial vehicle pilot', family: 'electronics', femaleShare: 0.08 },
];

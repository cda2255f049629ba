/**
 * Static pieces of the city-scale data set (city.ts): the trades that bring the demo catalogue up to
 * the 116 of the union's report, the industries base unions belong to (which trades their workers
 * hold), enterprise name parts and the seasons of the union's year.
 *
 * Codes follow the pattern of ./data/trades.ts (中华人民共和国职业分类大典, "major-middle-minor-occupation",
 * a 工种 inside an occupation gets two more digits); like those, they are our best reading of the 大典.
 */
import type { TradeFamily, TradeSeed } from './data/trades';

const t = (code: string, name: string, nameEn: string, family: TradeFamily, femaleShare: number): TradeSeed => ({
  code,
  name,
  nameEn,
  family,
  femaleShare,
});

/** 63 trades beyond the demo's 53 — together the 116 trades the report's contests cover. */
export const EXTRA_TRADES: readonly TradeSeed[] = [
  t('6-18-01-03', '刨插工', 'Planing and slotting machine operator', 'machining', 0.05),
  t('6-18-01-05', '镗工', 'Boring machine operator', 'machining', 0.05),
  t('6-18-01-06', '齿轮加工工', 'Gear cutting operator', 'machining', 0.06),
  t('6-18-01-01-03', '数控铣工', 'CNC milling machine operator', 'machining', 0.08),
  t('6-18-01-08', '加工中心操作工', 'Machining centre operator', 'machining', 0.08),
  t('6-18-01-09', '特种加工工', 'Non-traditional machining operator', 'machining', 0.1),
  t('6-18-02-02', '锻造工', 'Forging operator', 'general', 0.03),
  t('6-18-02-04-02', '电焊工', 'Electric arc welder', 'welding', 0.05),
  t('6-18-02-04-03', '气焊工', 'Gas welder', 'welding', 0.04),
  t('6-18-02-05', '冷作钣金工', 'Sheet metal worker', 'welding', 0.04),
  t('6-18-03-01', '涂装工', 'Painting and coating operator', 'general', 0.2),
  t('6-18-04-01', '模具工', 'Die and mould maker', 'fitting', 0.05),
  t('6-18-04-02', '工具钳工', 'Tool fitter', 'fitting', 0.05),
  t('6-20-01-02', '装配钳工', 'Assembly fitter', 'fitting', 0.08),
  t('6-20-03-01', '液压气动系统装调工', 'Hydraulic and pneumatic system fitter', 'fitting', 0.06),
  t('6-21-02-01', '电机装配工', 'Electric motor assembler', 'electrical', 0.25),
  t('6-22-01-01', '汽车生产线操作调整工', 'Automobile production line operator', 'fitting', 0.15),
  t('6-22-02-02', '新能源汽车装调工', 'New-energy vehicle assembler and tuner', 'fitting', 0.12),
  t('6-23-03-01', '航空器部件制造工', 'Aircraft component fabricator', 'machining', 0.1),
  t('6-24-01-01', '电线电缆制造工', 'Wire and cable manufacturing operator', 'electrical', 0.2),
  t('6-24-02-01', '变压器互感器制造工', 'Transformer manufacturing operator', 'electrical', 0.15),
  t('6-24-04-01', '光伏组件制造工', 'Photovoltaic module manufacturing operator', 'electronics', 0.45),
  t('6-24-04-02', '锂离子电池制造工', 'Lithium-ion battery manufacturing operator', 'electronics', 0.4),
  t('6-25-01-01', '电子元器件检验员', 'Electronic component inspector', 'electronics', 0.6),
  t('6-25-02-02', '集成电路封装工', 'Integrated circuit packaging operator', 'electronics', 0.55),
  t('6-25-03-01', '电子产品制版工', 'Printed circuit board fabricator', 'electronics', 0.45),
  t('6-25-04-01', '电子设备装接工', 'Electronic equipment assembler', 'electronics', 0.55),
  t('6-25-04-03', '智能终端产品装调工', 'Smart device assembler and tester', 'electronics', 0.5),
  t('6-04-03-01', '织布工', 'Weaver', 'textile', 0.75),
  t('6-04-05-01', '针织工', 'Knitting machine operator', 'textile', 0.7),
  t('6-05-01-01', '服装制版师', 'Garment pattern maker', 'textile', 0.7),
  t('6-05-01-02', '缝纫工', 'Sewing machine operator', 'textile', 0.85),
  t('6-05-02-01', '服装整烫工', 'Garment pressing operator', 'textile', 0.7),
  t('6-11-01-01', '化工操作工', 'Chemical plant operator', 'general', 0.2),
  t('6-11-01-05', '化学检验员', 'Chemical analyst', 'general', 0.55),
  t('6-11-02-01', '农药生产工', 'Pesticide production operator', 'general', 0.2),
  t('6-12-01-01', '药物制剂工', 'Pharmaceutical preparation operator', 'general', 0.5),
  t('6-14-01-01', '塑料制品成型制作工', 'Plastic products moulding operator', 'general', 0.3),
  t('6-16-01-01', '陶瓷工艺品成型师', 'Ceramic art former (Yixing)', 'general', 0.45),
  t('6-16-01-02', '紫砂壶制作工', 'Zisha teapot maker', 'general', 0.5),
  t('6-17-01-01', '炼钢工', 'Steelmaking operator', 'general', 0.03),
  t('6-17-02-01', '轧钢工', 'Steel rolling operator', 'general', 0.03),
  t('6-28-01-01', '锅炉运行值班员', 'Boiler operator', 'electrical', 0.1),
  t('6-28-01-07', '燃气轮机值班员', 'Gas turbine operator', 'electrical', 0.1),
  t('6-28-02-05', '继电保护员', 'Protective relay technician', 'electrical', 0.2),
  t('6-28-03-01', '供水供气管道工', 'Water and gas pipe worker', 'general', 0.05),
  t('6-29-01-01', '砌筑工', 'Bricklayer', 'general', 0.05),
  t('6-29-01-03', '钢筋工', 'Steel reinforcement worker', 'general', 0.04),
  t('6-29-01-05', '混凝土工', 'Concrete worker', 'general', 0.05),
  t('6-29-02-01', '架子工', 'Scaffolder', 'general', 0.02),
  t('6-29-03-01', '管工', 'Pipefitter', 'welding', 0.04),
  t('6-29-03-02', '建筑电工', 'Construction electrician', 'electrical', 0.04),
  t('6-29-04-01', '装饰装修工', 'Interior finishing worker', 'general', 0.1),
  t('6-30-02-01', '叉车司机', 'Forklift driver', 'logistics', 0.08),
  t('6-31-01-09', '智能制造设备运维员', 'Smart manufacturing equipment maintainer', 'electronics', 0.1),
  t('4-02-02-01', '道路客运汽车驾驶员', 'Bus and coach driver', 'logistics', 0.08),
  t('4-02-06-01', '仓储管理员', 'Warehouse keeper', 'logistics', 0.35),
  t('4-03-01-01', '前厅服务员', 'Front desk receptionist', 'service', 0.75),
  t('4-04-05-02', '计算机程序设计员', 'Computer programmer', 'electronics', 0.3),
  t('4-07-02-03', '商务数据分析师', 'Business data analyst', 'service', 0.55),
  t('4-09-07-01', '保洁员', 'Cleaner', 'care', 0.7),
  t('4-09-08-02', '园林绿化工', 'Landscape gardener', 'general', 0.3),
  t('4-14-02-02', '健康管理师', 'Health manager', 'care', 0.75),
];

/** The trades a base union's workers hold come from its industry's families. */
export interface Industry {
  key: string;
  /** the words in an enterprise's name */
  words: readonly string[];
  families: readonly TradeFamily[];
  /** how many base unions are in this industry */
  weight: number;
}

export const INDUSTRIES: readonly Industry[] = [
  {
    key: 'machinery',
    words: ['机械', '精密机械', '重工', '机床', '液压', '装备'],
    families: ['machining', 'fitting', 'welding', 'electrical', 'general'],
    weight: 22,
  },
  {
    key: 'electronics',
    words: ['电子', '微电子', '半导体', '光电', '智能科技', '新能源'],
    families: ['electronics', 'electrical'],
    weight: 14,
  },
  { key: 'textile', words: ['纺织', '服饰', '印染', '针织', '家纺'], families: ['textile', 'service'], weight: 12 },
  { key: 'chemical', words: ['化工', '新材料', '钢铁', '特钢', '陶瓷', '医药'], families: ['general', 'electrical'], weight: 9 },
  { key: 'power', words: ['电力', '能源', '热电', '电气', '电缆'], families: ['electrical'], weight: 5 },
  { key: 'construction', words: ['建设', '建工', '安装', '建筑', '市政'], families: ['welding', 'electrical', 'general'], weight: 9 },
  { key: 'logistics', words: ['物流', '运输', '快递', '供应链', '公交'], families: ['logistics'], weight: 7 },
  { key: 'catering', words: ['餐饮', '酒店', '食品', '饭店'], families: ['culinary', 'service'], weight: 8 },
  { key: 'care', words: ['医院', '养老服务中心', '护理院', '社区卫生服务中心', '家政服务'], families: ['care'], weight: 6 },
  { key: 'services', words: ['商贸', '商业', '电子商务', '物业', '文化旅游'], families: ['service', 'logistics', 'culinary'], weight: 8 },
];

/** Two-character enterprise names (字号) — invented, Wuxi-flavoured. */
export const BRANDS: readonly string[] = [
  '锡华',
  '太湖',
  '梁溪',
  '惠泉',
  '蠡湖',
  '东林',
  '运河',
  '鸿山',
  '锡能',
  '华晨',
  '新锡',
  '金锡',
  '江南',
  '吴都',
  '泰伯',
  '宏源',
  '恒通',
  '永盛',
  '德联',
  '瑞丰',
  '隆达',
  '双星',
  '天成',
  '华光',
  '众力',
  '远航',
  '嘉诚',
  '协和',
  '中联',
  '海达',
  '万通',
  '安泰',
  '博远',
  '正泰',
  '昌盛',
  '兴隆',
  '福源',
  '鼎盛',
  '汇丰',
  '锦程',
  '开源',
  '星辰',
  '振华',
  '明珠',
  '宝龙',
  '盛达',
  '广源',
  '通宇',
];

/** Place words by district (key of ./data/organisations DISTRICTS), before the brand. */
export const PLACES: Readonly<Record<string, readonly string[]>> = {
  jiangyin: ['江阴', '江阴市', '澄江', '周庄', '华士', '新桥', '徐霞客'],
  yixing: ['宜兴', '宜兴市', '丁蜀', '和桥', '官林', '高塍'],
  liangxi: ['无锡', '梁溪', '崇安', '南长', '北塘'],
  xishan: ['锡山', '东港', '锡北', '安镇', '东北塘'],
  huishan: ['惠山', '洛社', '堰桥', '钱桥', '阳山'],
  binhu: ['滨湖', '蠡园', '马山', '胡埭', '雪浪'],
  xinwu: ['新吴', '无锡高新区', '硕放', '梅村', '鸿山', '旺庄'],
};

export const COMPANY_FORMS: readonly (readonly [string, number])[] = [
  ['有限公司', 60],
  ['股份有限公司', 18],
  ['集团有限公司', 10],
  ['科技有限公司', 12],
];

/**
 * Weights of the months (Beijing) for contests and classes: quiet around the Spring Festival
 * (Jan–Feb), busy before May Day and in the autumn contest season, quiet again in December.
 */
export const CONTEST_MONTH_WEIGHTS = [2, 2, 7, 12, 13, 9, 6, 6, 11, 13, 12, 7] as const;
export const CLASS_MONTH_WEIGHTS = [4, 3, 9, 10, 9, 9, 8, 7, 10, 11, 11, 9] as const;

/** Trades whose contests and classes draw the most entrants, by name (the rest weigh 1). */
export const POPULAR_TRADES: Readonly<Record<string, number>> = {
  电工: 8,
  焊工: 7,
  钳工: 6,
  数控车工: 6,
  维修电工: 5,
  车工: 4,
  养老护理员: 5,
  中式烹调师: 5,
  快递员: 4,
  网约配送员: 3,
  电子商务师: 3,
  工业机器人系统操作员: 4,
  工业机器人系统运维员: 3,
  汽车维修工: 3,
  育婴员: 3,
  家政服务员: 3,
  叉车司机: 3,
  电焊工: 3,
  机修钳工: 3,
  保安员: 2,
  医疗护理员: 3,
  消防设施操作员: 2,
  化工总控工: 2,
  半导体芯片制造工: 3,
  缝纫工: 2,
  纺纱工: 2,
  仪器仪表维修工: 2,
  物流服务师: 2,
};

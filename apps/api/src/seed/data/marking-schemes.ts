/**
 * Practical marking schemes per trade family (domain.md § Scoring): criteria of kind score /
 * measurement / judgement whose maxima sum to exactly 100.
 */
import type { CriterionKind } from '@gongjiang/domain';
import type { TradeFamily } from './trades';

export interface CriterionSeed {
  name: string;
  maxScore: number;
  kind: CriterionKind;
}

export const MARKING_SCHEMES: Readonly<Record<TradeFamily, readonly CriterionSeed[]>> = {
  machining: [
    { name: '安全文明生产', maxScore: 10, kind: 'score' },
    { name: '工艺编制与数控程序', maxScore: 20, kind: 'score' },
    { name: '主要尺寸精度', maxScore: 40, kind: 'measurement' },
    { name: '表面粗糙度与形位公差', maxScore: 20, kind: 'measurement' },
    { name: '工件完整性与外观', maxScore: 10, kind: 'judgement' },
  ],
  fitting: [
    { name: '安全文明生产', maxScore: 10, kind: 'score' },
    { name: '划线、锯削与锉削', maxScore: 20, kind: 'score' },
    { name: '配合间隙与尺寸精度', maxScore: 40, kind: 'measurement' },
    { name: '装配与调试', maxScore: 20, kind: 'score' },
    { name: '工件外观与工艺规范', maxScore: 10, kind: 'judgement' },
  ],
  electrical: [
    { name: '安全操作规范', maxScore: 15, kind: 'score' },
    { name: '电路设计与接线工艺', maxScore: 35, kind: 'score' },
    { name: '通电调试一次成功', maxScore: 20, kind: 'measurement' },
    { name: '故障排查与处理', maxScore: 20, kind: 'score' },
    { name: '布线美观与文明生产', maxScore: 10, kind: 'judgement' },
  ],
  welding: [
    { name: '安全防护与焊前准备', maxScore: 10, kind: 'score' },
    { name: '焊缝外观检验', maxScore: 30, kind: 'score' },
    { name: '射线探伤检验', maxScore: 40, kind: 'measurement' },
    { name: '弯曲试验', maxScore: 10, kind: 'measurement' },
    { name: '焊后清理与文明生产', maxScore: 10, kind: 'judgement' },
  ],
  electronics: [
    { name: '安全与静电防护', maxScore: 15, kind: 'score' },
    { name: '设备操作与参数设置', maxScore: 35, kind: 'score' },
    { name: '工艺指标达标', maxScore: 30, kind: 'measurement' },
    { name: '异常分析与处置', maxScore: 20, kind: 'score' },
  ],
  textile: [
    { name: '操作规范与安全', maxScore: 20, kind: 'score' },
    { name: '单项操作测定', maxScore: 40, kind: 'measurement' },
    { name: '质量与疵点控制', maxScore: 30, kind: 'score' },
    { name: '文明生产', maxScore: 10, kind: 'judgement' },
  ],
  care: [
    { name: '沟通与人文关怀', maxScore: 20, kind: 'judgement' },
    { name: '照护操作流程规范', maxScore: 40, kind: 'score' },
    { name: '安全与感染防控', maxScore: 20, kind: 'score' },
    { name: '应急处置', maxScore: 20, kind: 'score' },
  ],
  culinary: [
    { name: '色泽与造型', maxScore: 25, kind: 'judgement' },
    { name: '口味与质感', maxScore: 35, kind: 'judgement' },
    { name: '刀工与技法', maxScore: 20, kind: 'score' },
    { name: '卫生与操作规范', maxScore: 10, kind: 'score' },
    { name: '规定时间内完成', maxScore: 10, kind: 'measurement' },
  ],
  logistics: [
    { name: '安全与作业规范', maxScore: 20, kind: 'score' },
    { name: '作业时效', maxScore: 30, kind: 'measurement' },
    { name: '分拣与派送准确率', maxScore: 30, kind: 'score' },
    { name: '服务礼仪', maxScore: 20, kind: 'judgement' },
  ],
  service: [
    { name: '职业规范', maxScore: 20, kind: 'score' },
    { name: '实操任务完成质量', maxScore: 50, kind: 'score' },
    { name: '规定时间内完成', maxScore: 10, kind: 'measurement' },
    { name: '综合表现', maxScore: 20, kind: 'judgement' },
  ],
  general: [
    { name: '操作规范与安全', maxScore: 20, kind: 'score' },
    { name: '工件精度', maxScore: 40, kind: 'measurement' },
    { name: '工艺与质量', maxScore: 30, kind: 'score' },
    { name: '文明生产', maxScore: 10, kind: 'judgement' },
  ],
};

export { FaultyDevice, type FaultyDeviceOptions } from './faulty-device.js';
export { FaultLog, type FaultRecord, type FaultStats } from './fault-log.js';
export {
  checkedPlan,
  faultKinds,
  faultRuleProblems,
  faultTagOf,
  faultTags,
  isLatencyKind,
  kindOperations,
  MAX_DENOMINATOR,
  parseRatio,
  type FaultKind,
  type FaultOperation,
  type FaultPlan,
  type FaultRule,
  type FaultRuleInput,
  type FaultRuleProblem,
  type FaultTag,
  type Ratio,
} from './fault-plan.js';
export { faultReason, isFaultError, isMediaError, MediaError, type MediaErrorKind } from './media-error.js';
export { WriteOrdering } from './write-ordering.js';

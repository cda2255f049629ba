export * from './skill-levels';
export * from './resident-id';
export * from './types';
export * from './contact';
export { beijingDate, beijingYear } from './calendar';
export * from './eligibility';
export * from './capacity';

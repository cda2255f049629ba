export * from './skill-levels';
export * from './resident-id';
export * from './types';
export * from './contact';
export { beijingDate, beijingYear } from './calendar';

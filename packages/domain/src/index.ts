export * from './skill-levels';
export * from './resident-id';

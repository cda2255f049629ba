export * from './organisations';
export * from './users';
export * from './trades';
export * from './contests';
export * from './judging';
export * from './training';
export * from './promotions';
export * from './audit';

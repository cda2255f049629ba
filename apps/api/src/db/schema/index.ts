// The SQLite build of the tables (data/schema), for the code that has not moved into the data layer yet.
export * from '../../data/schema/sqlite';
export { REGISTRATION_STATUSES, ENROLMENT_STATUSES, CODE_PURPOSES, type CodePurpose, type Role } from '../../data/schema';

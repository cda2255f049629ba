/** The groups of operations in the OpenAPI document. */
export const TAGS = [
  { name: 'auth', description: 'Accounts, sign-up with phone codes, sessions, passwords, the worker profile' },
  { name: 'organisations', description: 'The union tree: federation → district unions → base unions' },
  { name: 'trades', description: 'The trade catalogue (工种) with national occupation codes' },
  { name: 'contests', description: 'Skills contests and their events (one trade each)' },
  { name: 'registrations', description: 'Registering for events, the organizer’s desk, the draw, tickets and check-in' },
  { name: 'judging', description: 'Judges, score sheets, marks' },
  { name: 'results', description: 'Theory scores, rankings, publication, reports' },
  { name: 'training', description: 'Training classes, enrolment, attendance, exams, completion' },
  { name: 'promotions', description: 'Skill promotions from contests and classes, skill history' },
  { name: 'certificates', description: 'Certificates and their public verification' },
  { name: 'stats', description: 'The annual report and its figures' },
  { name: 'audit', description: 'The audit trail' },
  { name: 'system', description: 'Health' },
  { name: 'notifications', description: 'The inbox: notifications of registrations, draws, results, promotions, certificates, reminders' },
];

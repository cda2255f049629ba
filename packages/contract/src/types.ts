/**
 * Named types of the resources clients read (the web app's components, the e2e helpers), each taken from the operation that
 * answers it, so a change in a schema is a type error wherever the resource is shown. Enums are @gongjiang/domain's.
 */
import type { BodyOf, ErrorOf, ResponseOf } from './client';

type Item<T> = T extends readonly (infer I)[] ? I : T extends { items: readonly (infer I)[] } ? I : never;

// people and organisations
export type Me = ResponseOf<'getMe'>;
export type Profile = NonNullable<Me['profile']>;
export type LoginResult = ResponseOf<'login'>;
export type Organisation = ResponseOf<'getOrg'>;
export type ManagedUser = Item<ResponseOf<'listUsers'>>;
export type Trade = Item<ResponseOf<'listTrades'>>;

// contests and registrations
export type Contest = Item<ResponseOf<'listContests'>>;
export type ContestDetail = ResponseOf<'getContest'>;
export type Event = ContestDetail['events'][number];
export type Eligibility = Event['eligibility'];
export type Criterion = Event['scoring']['criteria'][number];
export type PromotionRuleRow = Event['promotionRules'][number];
export type DeskEvent = ResponseOf<'getEvent'>;
export type DeskRegistration = Item<ResponseOf<'listEventRegistrations'>>;
export type MyRegistration = Item<ResponseOf<'listMyRegistrations'>>;
export type RegistrationOutcome = ResponseOf<'registerForEvent'>;
export type CheckedIn = Item<ResponseOf<'listCheckIns'>>;
export type ContestantCheckIn = ResponseOf<'checkInContestant'>;
export type QualifyRule = Event['qualifiesFrom'][number];
export type Preliminary = DeskEvent['preliminaries'][number];
export type QualifiedFrom = NonNullable<DeskRegistration['qualifiedFrom']>;
export type AdvancedFinalist = Item<ResponseOf<'advanceToFinal'>>;

// judging and results
export type JudgingAssignment = Item<ResponseOf<'listMyJudgingEvents'>>;
export type ScoreSheet = ResponseOf<'getScoreSheet'>;
export type SheetCriterion = ScoreSheet['criteria'][number];
export type ScoreItem = BodyOf<'saveScore'>;
export type SavedScore = Item<ResponseOf<'saveScores'>>;
export type SubmitProblem = ErrorOf<'submitScoreSheet', 409>;
export type JudgeRoster = ResponseOf<'listEventJudges'>;
export type ResultsInfo = ResponseOf<'getResultsInfo'>;
export type ResultsProgress = ResponseOf<'getResultsProgress'>;
export type ResultsBlocker = ResultsProgress['blockers'][number];
export type ResultRow = Item<ResponseOf<'getResults'>>;
export type JudgeReport = ResponseOf<'getResultsByJudge'>;
export type TheoryImportProblem = ErrorOf<'importTheoryScores', 400>;
export type TheoryRowError = TheoryImportProblem['errors'] extends (infer R)[] | undefined ? R : never;

// training, certificates, promotions
export type Training = Item<ResponseOf<'listTrainings'>>;
export type TrainingDetail = ResponseOf<'getTraining'>;
export type TrainingSession = TrainingDetail['sessions'][number];
export type MyEnrolment = Item<ResponseOf<'listMyEnrolments'>>;
export type TrainingRosterRow = Item<ResponseOf<'listTrainingEnrolments'>>;
export type AttendanceMatrix = ResponseOf<'getAttendance'>;
export type CompletionOutcome = Item<ResponseOf<'completeTraining'>>;
export type TrainingCheckIn = ResponseOf<'checkInTrainee'>;
export type TrainingCheckInPreview = ResponseOf<'getTrainingCheckIn'>;
export type VerifiedCertificate = ResponseOf<'verifyCertificate'>;
export type MyCertificate = Item<ResponseOf<'listMyCertificates'>>;
export type SkillHistoryItem = Item<ResponseOf<'getSkillHistory'>>;
export type PromotionRecord = Item<ResponseOf<'listPromotions'>>;
export type PromotionPreview = ResponseOf<'previewPromotions'>;
export type PromotionPreviewItem = PromotionPreview['items'][number];
export type NotPromotedReason = NonNullable<PromotionPreviewItem['reason']>;

// dashboards
export type AnnualStats = ResponseOf<'getAnnualStats'>;
export type OrgTrailItem = Item<ResponseOf<'getOrgTrail'>>;
export type SmsMessage = Item<ResponseOf<'listSmsOutbox'>>;
export type AuditEntry = Item<ResponseOf<'listAuditEntries'>>;

// appeals (申诉)
export type EventAppeal = Item<ResponseOf<'listEventAppeals'>>;
export type MyAppeal = NonNullable<MyRegistration['appeal']>;
// quotas and nominations
export type Quota = Item<ResponseOf<'listEventQuotas'>>;
export type HeldQuota = Item<ResponseOf<'listMyQuotas'>>;
export type NominationResult = Item<ResponseOf<'nominateWorkers'>['items']>;

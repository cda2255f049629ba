/**
 * The schemas live in @gongjiang/contract (an optional body too: OptionalBody); re-exported here for the API.
 */
export { ErrorBody, FieldError, MAX_ID, ValidationErrorBody } from '@gongjiang/contract';

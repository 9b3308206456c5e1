export {
  type AccessEvent,
  type AccessLogFilter,
  type AccessLogRow,
  accessLogRowSchema,
  countAccess,
  listAccess,
  recordAccess,
} from './access-log.js';

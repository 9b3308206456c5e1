export {
  type AccessEvent,
  type AccessLogFilter,
  type AccessLogRow,
  countAccess,
  listAccess,
  recordAccess,
} from './access-log.js';

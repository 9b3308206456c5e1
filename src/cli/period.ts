import { InvalidArgumentError, Option } from 'commander';
import { periodBound } from '../time.js';

/** What every command's help says of a time it takes. */
export const periodHelp =
  '\nTimes: an ISO-8601 time with its offset (2026-11-20T16:05:00+02:00), or a date (2026-11-20),\nwhich means midnight in Europe/Helsinki: --from at the start of that day, --to at its end\n(the day included).';

const timeWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const bareDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `--from`/`--to` of every command, read one way (`periodBound`): the option's value is the
 * instant in UTC, so a command never reads a bare date in the zone of the machine or as UTC.
 */
export function periodOption(end: 'from' | 'to', what: string): Option {
  return new Option(`--${end} <time>`, what).argParser((value: string) => {
    if (!(timeWithOffset.test(value) || bareDate.test(value)) || Number.isNaN(Date.parse(value)))
      throw new InvalidArgumentError(
        'give a date (2026-11-20) or a time with its offset (2026-11-20T16:05:00+02:00)',
      );
    return periodBound(value, end);
  });
}

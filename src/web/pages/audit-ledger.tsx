import type { BreakCode } from '../../protocol/index.js';
import { CsrfField, ErrorSummary, type FormErrors, Notice } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { fill, type Messages } from '../messages/index.js';
import { usePage } from '../render.js';

/** What a check found, in the terms the page says it in. */
export type LedgerCheck =
  | { kind: 'intact'; seq: number; checkpoint?: number }
  | { kind: 'broken'; seq: number; code: BreakCode; table?: string | undefined }
  | { kind: 'bad_signature' };

function CheckResult({ check }: { check: LedgerCheck }) {
  const { m } = usePage();
  if (check.kind === 'bad_signature') return <Notice kind="error" title={m.auditBadSignature} />;
  if (check.kind === 'broken') {
    return (
      <Notice kind="error" title={fill(m.auditBroken, { seq: check.seq })}>
        <p>{fill(m.auditBreakReasons[check.code], { table: check.table ?? '' })}</p>
      </Notice>
    );
  }
  const text =
    check.seq === 0
      ? m.auditEmptyLedger
      : check.checkpoint !== undefined
        ? fill(m.auditIntactCheckpoint, { seq: check.seq, checkpoint: check.checkpoint })
        : fill(m.auditIntact, { seq: check.seq });
  return <Notice kind="success" title={text} />;
}

const summary = (m: Messages) => [['file', m.auditCheckpointFile]] as const;

/**
 * Tamper evidence for the auditor (R4): check the hash chain now or against a checkpoint
 * file made earlier, and make a checkpoint to keep outside the service.
 */
export function AuditLedgerPage({ check, errors }: { check?: LedgerCheck | undefined; errors: FormErrors }) {
  const { m } = usePage();
  return (
    <Layout title={m.auditLedgerTitle} page="/audit">
      <h1>{m.auditLedgerTitle}</h1>
      <p>{m.auditLedgerIntro}</p>
      {check && (
        <section aria-labelledby="check-result" id="result" tabindex={-1}>
          <h2 id="check-result">{m.auditResultTitle}</h2>
          <CheckResult check={check} />
        </section>
      )}
      <ErrorSummary errors={errors} fields={summary(m)} />
      <form method="post" action="/audit/verify" class="panel">
        <h2>{m.auditVerifyTitle}</h2>
        <CsrfField />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.auditVerifyButton}</span>
        </button>
      </form>
      <form
        method="post"
        action="/audit/verify-checkpoint"
        enctype="multipart/form-data"
        class="panel"
        novalidate
      >
        <h2>{m.auditCheckpointVerifyTitle}</h2>
        <CsrfField />
        <p>{m.auditCheckpointVerifyHelp}</p>
        <div class={`hds-text-input form-row${errors.file ? ' hds-text-input--invalid' : ''}`}>
          <label for="file" class="hds-text-input__label">
            {m.auditCheckpointFile}
          </label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".json,application/json"
            aria-invalid={errors.file ? 'true' : undefined}
            aria-describedby={errors.file ? 'file-error' : undefined}
          />
          {errors.file && (
            <span id="file-error" class="field-error">
              {errors.file}
            </span>
          )}
        </div>
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{m.auditCheckpointVerifyButton}</span>
        </button>
      </form>
      <form method="post" action="/audit/checkpoint" class="panel">
        <h2>{m.auditCheckpointTitle}</h2>
        <CsrfField />
        <p>{m.auditCheckpointHelp}</p>
        <button type="submit" class="hds-button hds-button--secondary">
          <span class="hds-button__label">{m.auditCheckpointButton}</span>
        </button>
      </form>
    </Layout>
  );
}

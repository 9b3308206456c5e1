import type { Site } from '../../sites/index.js';
import { ChoiceGroup, ErrorSummary, type FormErrors, SelectField, TextField } from '../components/fields.js';
import { Layout } from '../components/layout.js';
import { langValues } from '../messages/index.js';
import { usePage } from '../render.js';

export const exportFormats = ['xlsx', 'csv'] as const;

export interface ExportForm {
  from: string;
  to: string;
  siteId: string;
  lang: string;
  format: string;
}

const languageNames = { fi: 'suomi', sv: 'svenska', en: 'English' } as const;

/** R4: choose the period, the sites and the language; the download is the auditors' workbook. */
export function ExportPage(props: { form: ExportForm; errors: FormErrors; sites: readonly Site[] }) {
  const { m } = usePage();
  const { form, errors } = props;
  return (
    <Layout title={m.exportTitle} page="/export">
      <h1>{m.exportTitle}</h1>
      <p>{m.exportIntro}</p>
      <ErrorSummary
        errors={errors}
        fields={[
          ['from', m.filterFrom],
          ['to', m.filterTo],
          ['siteId', m.site],
        ]}
      />
      <form method="get" action="/export/download" class="panel" novalidate>
        <div class="form-row--pair">
          <TextField
            id="from"
            label={m.filterFrom}
            value={form.from}
            hint={m.exportDateHint}
            error={errors.from}
          />
          <TextField id="to" label={m.filterTo} value={form.to} hint={m.exportDateHint} error={errors.to} />
        </div>
        <SelectField
          id="siteId"
          label={m.site}
          value={form.siteId}
          empty={m.exportAllSites}
          error={errors.siteId}
          options={props.sites.map((s) => ({ value: s.id, label: s.name }))}
        />
        <ChoiceGroup
          id="lang"
          kind="radio"
          label={m.exportLanguage}
          selected={[form.lang]}
          choices={langValues.map((l) => ({ value: l, label: languageNames[l] }))}
        />
        <ChoiceGroup
          id="format"
          kind="radio"
          label={m.exportFormat}
          selected={[form.format]}
          choices={exportFormats.map((f) => ({ value: f, label: m.exportFormats[f] }))}
        />
        <button type="submit" class="hds-button hds-button--primary">
          <span class="hds-button__label">{m.exportButton}</span>
        </button>
      </form>
    </Layout>
  );
}

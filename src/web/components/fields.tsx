import type { ComponentChildren } from 'preact';
import { usePage } from '../render.js';

/**
 * Form parts in the Helsinki Design System's markup. A field with an error says so beside
 * itself (`aria-invalid`, `aria-describedby`) and in the summary at the top of the form.
 * Required fields are marked, but not with `required`: the server's messages, with the
 * rule each cites, are the ones people should read.
 */
export type FormErrors = Readonly<Record<string, string>>;

export function CsrfField() {
  return <input type="hidden" name="_csrf" value={usePage().csrf} />;
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

function RequiredMark() {
  const { m } = usePage();
  return (
    <span class="hds-text-input__required">
      <span aria-hidden="true"> *</span>
      <span class="visually-hidden"> ({m.required})</span>
    </span>
  );
}

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <span id={`${id}-error`} class="field-error">
      {error}
    </span>
  ) : null;
}

interface FieldProps {
  id: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}

/** Label, control, error and hint of one field, in HDS's text-input markup. */
function FieldFrame(props: FieldProps & { children: ComponentChildren }) {
  const { id, label, error, hint, required } = props;
  return (
    <div class={`hds-text-input form-row${error ? ' hds-text-input--invalid' : ''}`}>
      <label for={id} class="hds-text-input__label">
        {label}
        {required && <RequiredMark />}
      </label>
      {props.children}
      <ErrorText id={id} error={error} />
      {hint && (
        <span id={`${id}-hint`} class="hds-text-input__helper-text">
          {hint}
        </span>
      )}
    </div>
  );
}

/** The ARIA attributes that tie a control to its error and hint. */
const controlAria = ({ id, error, hint, required }: FieldProps) => ({
  'aria-invalid': error ? ('true' as const) : undefined,
  'aria-describedby': describedBy(error && `${id}-error`, hint && `${id}-hint`),
  'aria-required': required ? ('true' as const) : undefined,
});

export function TextField(
  props: FieldProps & {
    name?: string;
    type?: 'text' | 'password' | 'email';
    multiline?: boolean;
    autocomplete?: string;
    readOnly?: boolean;
    inputMode?: 'text' | 'numeric';
  },
) {
  const { id, value, multiline } = props;
  const common = { id, name: props.name ?? id, ...controlAria(props) };
  return (
    <FieldFrame {...props}>
      <div class="hds-text-input__input-wrapper">
        {multiline ? (
          <textarea {...common} class="hds-text-input__input" rows={4}>
            {value ?? ''}
          </textarea>
        ) : (
          <input
            {...common}
            class="hds-text-input__input"
            // password and text inputs take the same attributes
            type={(props.type ?? 'text') as 'text'}
            value={value ?? ''}
            autocomplete={props.autocomplete}
            readOnly={props.readOnly}
            inputMode={props.inputMode}
          />
        )}
      </div>
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
  /** The site the option belongs to, for the script that follows the chosen site. */
  site?: string | undefined;
}

export function SelectField(props: FieldProps & { options: readonly Option[]; empty?: string }) {
  const { id, value, options, empty } = props;
  return (
    <FieldFrame {...props}>
      <select id={id} name={id} {...controlAria(props)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option value={o.value} selected={o.value === value} data-site={o.site}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export interface Choice extends Option {
  help?: string;
}

/**
 * Radio buttons or checkboxes in a fieldset. The first input's id is the group's id, so
 * the error summary's link lands on it.
 */
export function ChoiceGroup(
  props: FieldProps & {
    kind: 'radio' | 'checkbox';
    choices: readonly Choice[];
    selected: readonly string[];
    children?: ComponentChildren;
  },
) {
  const { id, label, error, hint, required, kind, choices, selected } = props;
  const describe = describedBy(error && `${id}-error`, hint && `${id}-hint`);
  const cls = kind === 'radio' ? 'hds-radio-button' : 'hds-checkbox';
  return (
    <fieldset class="hds-fieldset form-row" aria-describedby={describe}>
      <legend>
        {label}
        {required && <RequiredMark />}
      </legend>
      {hint && (
        <span id={`${id}-hint`} class="hds-text-input__helper-text">
          {hint}
        </span>
      )}
      <ErrorText id={id} error={error} />
      {choices.map((c, i) => {
        const inputId = i === 0 ? id : `${id}-${i + 1}`;
        return (
          <div class={`${cls} choice`} data-site={c.site}>
            <input
              id={inputId}
              class={`${cls}__input`}
              type={kind}
              name={id}
              value={c.value}
              checked={selected.includes(c.value)}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={c.help ? `${inputId}-help` : undefined}
            />
            <label for={inputId} class={`${cls}__label`}>
              {c.label}
            </label>
            {c.help && (
              <span id={`${inputId}-help`} class="choice__help">
                {c.help}
              </span>
            )}
          </div>
        );
      })}
      {props.children}
    </fieldset>
  );
}

export function Checkbox({ id, label, checked }: { id: string; label: string; checked: boolean }) {
  return (
    <div class="hds-checkbox form-row">
      <input id={id} class="hds-checkbox__input" type="checkbox" name={id} value="on" checked={checked} />
      <label for={id} class="hds-checkbox__label">
        {label}
      </label>
    </div>
  );
}

/** A form's fields in page order, each with the name the summary calls it by. */
export type SummaryFields = readonly (readonly [key: string, label: string])[];

/**
 * The list of what to correct, at the top of the form, in the order of the fields; each item
 * names its field and links to it.
 */
export function ErrorSummary({ errors, fields }: { errors: FormErrors; fields: SummaryFields }) {
  const { m } = usePage();
  const listed = fields.filter(([key]) => errors[key]);
  const unlisted = Object.keys(errors).filter((key) => !fields.some(([k]) => k === key));
  if (listed.length + unlisted.length === 0) return null;
  return (
    <section
      class="hds-notification hds-notification--error"
      aria-labelledby="error-summary-title"
      id="error-summary"
      tabindex={-1}
    >
      <div class="hds-notification__content">
        <h2 class="hds-notification__label" id="error-summary-title">
          {m.errorSummaryTitle}
        </h2>
        <div class="hds-error-summary__body">
          <ul>
            {listed.map(([key, label]) => (
              <li>
                <a href={`#${key}`}>{`${label}: ${errors[key]}`}</a>
              </li>
            ))}
            {unlisted.map((key) => (
              <li>
                <a href={`#${key}`}>{errors[key]}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

export function Notice({
  kind,
  title,
  children,
}: {
  kind: 'info' | 'success' | 'alert' | 'error';
  title?: string;
  children?: ComponentChildren;
}) {
  return (
    <section
      class={`hds-notification hds-notification--${kind}`}
      role={kind === 'info' ? undefined : 'status'}
    >
      <div class="hds-notification__content">
        {title && <p class="hds-notification__label">{title}</p>}
        {children && <div class="hds-notification__body">{children}</div>}
      </div>
    </section>
  );
}

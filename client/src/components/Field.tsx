// Labelled form controls with their hint and errors wired for assistive technology:
// a visible <label>, aria-describedby pointing at the hint and the error, aria-invalid.

import type { Ref } from 'preact'
import { useState } from 'preact/hooks'

interface FieldProps {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  type?: 'text' | 'email' | 'password'
  autoComplete?: string
  hint?: string
  errors?: readonly string[] | undefined
  inputRef?: Ref<HTMLInputElement>
}

/** The email box every account form starts with (sign in, sign up, reset). */
export function EmailField(props: Omit<FieldProps, 'id' | 'label' | 'type' | 'autoComplete'>) {
  return <TextField id="email" label="Email" type="email" autoComplete="email" {...props} />
}

function describedBy(...ids: (string | false)[]): string | undefined {
  const list = ids.filter((id): id is string => id !== false)
  return list.length > 0 ? list.join(' ') : undefined
}

export function TextField(props: FieldProps) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <FieldInput {...props} />
      <FieldMessages {...props} />
    </div>
  )
}

export function PasswordField(props: Omit<FieldProps, 'type'>) {
  const [shown, setShown] = useState(false)
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class="field__row">
        <FieldInput {...props} type={shown ? 'text' : 'password'} />
        <button
          type="button"
          class="button button--quiet"
          aria-controls={props.id}
          aria-pressed={shown}
          onClick={() => setShown(!shown)}
        >
          {shown ? 'Hide' : 'Show'}
          <span class="visually-hidden"> password</span>
        </button>
      </div>
      <FieldMessages {...props} />
    </div>
  )
}

function FieldInput({ id, value, onInput, type = 'text', autoComplete, hint, errors, inputRef }: FieldProps) {
  const invalid = errors !== undefined && errors.length > 0
  // Preact types each input `type` separately (roles differ); spread it as a tagged union.
  const typed: { type: 'text' } | { type: 'email' } | { type: 'password' } = { type }
  return (
    <input
      {...typed}
      id={id}
      name={id}
      ref={inputRef ?? null}
      value={value}
      autoComplete={autoComplete}
      spellcheck={false}
      autoCapitalize="none"
      aria-invalid={invalid ? 'true' : undefined}
      aria-describedby={describedBy(hint !== undefined && `${id}-hint`, invalid && `${id}-error`)}
      onInput={(event) => onInput(event.currentTarget.value)}
    />
  )
}

function FieldMessages({ id, hint, errors }: FieldProps) {
  return (
    <>
      {hint !== undefined && (
        <p id={`${id}-hint`} class="field__hint">
          {hint}
        </p>
      )}
      {errors !== undefined && errors.length > 0 && (
        <p id={`${id}-error`} class="field__error">
          {errors.join(' ')}
        </p>
      )}
    </>
  )
}

/** The form's general message; role="alert" so it is announced when it appears. */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div role="alert" class={message === null ? 'form-alert form-alert--empty' : 'form-alert'}>
      {message}
    </div>
  )
}

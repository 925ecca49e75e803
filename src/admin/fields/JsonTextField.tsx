'use client'

import type { JSONFieldClientComponent } from 'payload'

import { FieldDescription, FieldError, FieldLabel, useField } from '@payloadcms/ui'
import React, { useCallback, useEffect, useRef, useState } from 'react'

const asText = (value: unknown): string => (value === undefined || value === null ? '' : JSON.stringify(value, null, 2))

/**
 * A JSON field as plain, monospaced text. Payload's own editor loads Monaco from a public CDN,
 * which the admin panel's Content-Security-Policy refuses (and a school's network may not
 * reach), so it never appeared. Text that is not JSON is kept as typed and refused on save, as
 * with Payload's editor.
 */
export const JsonTextField: JSONFieldClientComponent = ({ field, path: pathFromProps, readOnly, validate }) => {
  const [jsonError, setJsonError] = useState<string>()
  const checked = useCallback(
    (value: unknown, options: Record<string, unknown>) => (typeof validate === 'function' ? validate(value as never, { ...options, jsonError, required: field.required } as never) : true),
    [validate, jsonError, field.required],
  )
  const { path, value, setValue, showError, disabled } = useField<unknown>({ potentiallyStalePath: pathFromProps, validate: checked })
  const [text, setText] = useState(() => asText(value))
  // What was typed last: a form reset or a server-side change replaces it, our own echo does not.
  const typed = useRef<unknown>(value)
  useEffect(() => {
    if (value !== typed.current) {
      typed.current = value
      setText(asText(value))
      setJsonError(undefined)
    }
  }, [value])

  const onChange = (next: string) => {
    setText(next)
    let parsed: unknown = next
    try {
      parsed = next.trim() === '' ? null : JSON.parse(next)
      setJsonError(undefined)
    } catch (error) {
      setJsonError(error instanceof Error ? error.message : 'This is not valid JSON.')
    }
    typed.current = parsed
    setValue(parsed)
  }

  const id = `field-${path.replace(/\./g, '__')}`
  return (
    <div className={['field-type', 'json-field', showError && 'error', (readOnly || disabled) && 'read-only'].filter(Boolean).join(' ')}>
      <FieldLabel htmlFor={id} label={field.label} localized={field.localized} path={path} required={field.required} />
      <div className="field-type__wrap">
        <FieldError message={jsonError} path={path} showError={showError} />
        <textarea
          id={id}
          className="json-text-field"
          dir="ltr"
          spellCheck={false}
          rows={Math.min(20, Math.max(4, text.split('\n').length + 1))}
          value={text}
          readOnly={readOnly || disabled}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
      <FieldDescription description={field.admin?.description} path={path} />
    </div>
  )
}

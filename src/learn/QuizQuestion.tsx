'use client'

import type { StudentQuestion } from '@/domain/coursework/quizzes/paper'

import React from 'react'

import type { Draft } from './quizApi'
import type { Strings } from './strings'

type Value = Draft[string] | undefined

/** One question of an attempt, answered with the input its type takes. */
export const QuizQuestion = ({ question, value, onChange, t }: { question: StudentQuestion; value: Value; onChange: (value: Draft[string]) => void; t: Strings }) => {
  const name = `question-${question.id}`
  const options = question.options ?? []
  let input: React.ReactNode
  switch (question.type) {
    case 'single':
      input = options.map((option) => (
        <label key={option.id}>
          <input type="radio" name={name} value={option.id} checked={value === option.id} onChange={() => onChange(option.id)} /> <span dir="auto">{option.text}</span>
        </label>
      ))
      break
    case 'multiple': {
      const picked = Array.isArray(value) ? value : []
      input = options.map((option) => (
        <label key={option.id}>
          <input
            type="checkbox"
            name={name}
            value={option.id}
            checked={picked.includes(option.id)}
            onChange={(e) => {
              const next = e.target.checked ? [...picked, option.id] : picked.filter((id) => id !== option.id)
              onChange(next.length > 0 ? next : null)
            }}
          />{' '}
          <span dir="auto">{option.text}</span>
        </label>
      ))
      break
    }
    case 'true-false':
      input = [true, false].map((choice) => (
        <label key={String(choice)}>
          <input type="radio" name={name} value={String(choice)} checked={value === choice} onChange={() => onChange(choice)} /> {choice ? t.trueLabel : t.falseLabel}
        </label>
      ))
      break
    case 'short':
      input = (
        <label>
          {t.yourAnswer}{' '}
          <input type="text" name={name} dir="auto" maxLength={500} autoComplete="off" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />
        </label>
      )
      break
  }
  return (
    <fieldset className="quiz-question" data-testid="quiz-question">
      <legend>{t.questionHeading(question.number, question.points)}</legend>
      <p dir="auto">{question.prompt}</p>
      {input}
    </fieldset>
  )
}

/** The whole report: a summary of the plan's five questions, their sections, then methods, definitions and caveats. */
import type { ReportDoc, ReportInput, Section } from './model.ts';
import { fourierSection } from './sections/fourier.ts';
import { sweepSection, stabiliserSection } from './sections/external.ts';
import { stabilitySection } from './sections/stability.ts';
import { architecturesSection } from './sections/architectures.ts';
import { caveatsSection, definitionsSection, methodsSection } from './sections/methods.ts';

const STATUS_WORDS = { answered: 'answered', partial: 'partly answered (some runs missing)', 'not run': 'not run' } as const;

/** The first sentences of an answer, up to about 280 characters. */
function shortAnswer(text: string): string {
  const sentences = text.split(/(?<=\.)\s/);
  let out = sentences[0];
  for (const next of sentences.slice(1)) {
    if (out.length >= 60 || out.length + next.length > 280) break;
    out += ` ${next}`;
  }
  return out;
}

function summary(questions: Section[]): Section {
  return { id: 'summary', title: 'Summary', blocks: [{ kind: 'table', caption: 'The plan\'s questions', head: ['question', 'status', 'answer in short'],
    rows: questions.map((q) => {
      const first = q.blocks.find((b) => b.kind === 'text');
      const missing = q.blocks.find((b) => b.kind === 'notRun');
      const short = first?.kind === 'text' ? shortAnswer(first.text) : missing?.kind === 'notRun' ? `to run it: ${missing.command}` : 'see the section';
      return [q.title, STATUS_WORDS[q.status ?? 'answered'], short];
    }) }] };
}

export function buildReport(input: ReportInput): ReportDoc {
  const questions = [fourierSection(input.runs), sweepSection(input.sweep), stabilitySection(input.runs), architecturesSection(input.runs), stabiliserSection(input.stabilisers)];
  const p = input.runs[0]?.report.spec.transformer.p;
  const seeds = [...new Set(input.runs.map((r) => r.report.saes?.length ?? 0))].join(' / ');
  return {
    title: 'Phase 3 report: do sparse autoencoders learn the same features across seeds?',
    subtitle: input.runs.length === 0 ? 'No runs.' : `A grokked modular-addition transformer${p ? ` (p = ${p})` : ''}; ${input.runs.length} run(s), ${seeds} SAE seed(s) each. Generated from the runs' report.json by the SAE Stability Lab: ${input.generatedBy}.`,
    sections: [summary(questions), ...questions, methodsSection(input), definitionsSection(input), caveatsSection(input)],
  };
}

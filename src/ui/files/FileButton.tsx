/**
 * A file chooser that a keyboard and a screen reader can use: a real button (focusable, announced as a button,
 * Enter and Space work) that opens a hidden file input. The input keeps its test id, so tests still hand it files
 * with setInputFiles. A label wrapped around a hidden input, as before, was never focusable.
 */
import { type ChangeEvent, useRef } from 'react';

// React has no typed prop for folder choosers; Chromium, Firefox and Safari all read webkitdirectory.
const FOLDER_INPUT = { webkitdirectory: '', directory: '' } as Record<string, string>;

export interface FileButtonProps {
  /** The button's text, e.g. "Open…". */
  label: string;
  /** data-testid of the hidden input; the button gets `${testId}-button`. */
  testId: string;
  onChange: (e: ChangeEvent<HTMLInputElement>) => void;
  accept?: string;
  multiple?: boolean;
  /** Choose a folder (every file under it) instead of files. */
  folder?: boolean;
  disabled?: boolean;
  title?: string;
  className?: string;
}

export function FileButton({ label, testId, onChange, accept, multiple, folder, disabled, title, className = 'secondary' }: FileButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} data-testid={`${testId}-button`} disabled={disabled} title={title}
        onClick={() => input.current?.click()}>
        {label}
      </button>
      <input ref={input} type="file" hidden tabIndex={-1} aria-hidden accept={accept} multiple={multiple} {...(folder ? FOLDER_INPUT : {})}
        data-testid={testId} disabled={disabled} onChange={onChange} />
    </>
  );
}

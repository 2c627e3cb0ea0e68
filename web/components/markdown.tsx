/**
 * Shows HTML produced by core/render's renderMarkdown (sanitised, code highlighted). Only ever pass that
 * function's output here: it is the reason dangerouslySetInnerHTML is safe.
 */
import "highlight.js/styles/github.css";
import "./markdown.css";

export function Markdown({ html, className = "", testId }: { html: string; className?: string; testId?: string }) {
  return <div className={`md text-sm ${className}`} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}

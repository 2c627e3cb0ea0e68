"use client";
import { useCallback, useEffect, useRef } from "react";

/**
 * Milliseconds the current task has been on screen while the tab was visible: started when a task
 * renders (`reset`), paused while the tab is hidden, so a label left open over lunch does not record
 * an hour of work. The server caps it again by the lease's age.
 */
export function useVisibleTime() {
  const acc = useRef(0);
  const since = useRef<number | null>(null);
  useEffect(() => {
    const onVis = () => {
      if (document.hidden && since.current !== null) {
        acc.current += performance.now() - since.current;
        since.current = null;
      } else if (!document.hidden && since.current === null) since.current = performance.now();
    };
    document.addEventListener("visibilitychange", onVis);
    return () => document.removeEventListener("visibilitychange", onVis);
  }, []);
  const reset = useCallback(() => {
    acc.current = 0;
    since.current = document.hidden ? null : performance.now();
  }, []);
  const elapsed = useCallback(() => Math.round(acc.current + (since.current === null ? 0 : performance.now() - since.current)), []);
  return { reset, elapsed };
}

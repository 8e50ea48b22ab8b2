import React, { type ReactNode } from 'react';
import styles from './Steps.module.css';

/**
 * A numbered list of steps. Each Step has a title, then prose (StepText) beside
 * code (StepCode) on wide screens; on narrow screens the two stack.
 */
export function StepByStep({ children }: { children: ReactNode }): ReactNode {
  return <ol className={styles.steps}>{children}</ol>;
}

export function Step({ title, children }: { title: ReactNode; children?: ReactNode }): ReactNode {
  return (
    <li className={styles.step}>
      <div className={styles.stepTitle}>{title}</div>
      <div className={styles.stepBody}>{children}</div>
    </li>
  );
}

export function StepText({ children }: { children?: ReactNode }): ReactNode {
  return <div className={styles.stepText}>{children}</div>;
}

export function StepCode({ children }: { children?: ReactNode }): ReactNode {
  return <div className={styles.stepCode}>{children}</div>;
}

export default StepByStep;

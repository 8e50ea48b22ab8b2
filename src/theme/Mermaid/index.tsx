import React, { useEffect, useRef, useState, type ReactNode } from 'react';
import OriginalMermaid from '@theme-original/Mermaid';
import type MermaidType from '@theme/Mermaid';
import type { WrapperProps } from '@docusaurus/types';

type Props = WrapperProps<typeof MermaidType>;

/**
 * Mermaid is about 600 KiB of JavaScript. It is fetched only when a diagram comes near the
 * viewport, so pages whose diagrams are further down load as fast as pages without any.
 */
export default function LazyMermaid(props: Props): ReactNode {
  const placeholder = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    const element = placeholder.current;
    if (!element || typeof IntersectionObserver === 'undefined') {
      setVisible(true);
      return undefined;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  if (visible) return <OriginalMermaid {...props} />;
  return <div ref={placeholder} className="mermaid-placeholder" aria-hidden="true" />;
}

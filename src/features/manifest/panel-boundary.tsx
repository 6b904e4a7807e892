import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorPanel } from '../../components/ui/error-panel';

interface PanelBoundaryProps {
  /** Names the panel in the message: "The Layers panel failed". */
  title: string;
  children: ReactNode;
}

interface PanelBoundaryState {
  error: unknown;
  failed: boolean;
}

/** One broken panel (unexpected data, a bug) shows its error in place; the rest of the page stays. */
export class PanelBoundary extends Component<PanelBoundaryProps, PanelBoundaryState> {
  override state: PanelBoundaryState = { error: null, failed: false };

  static getDerivedStateFromError(error: unknown): PanelBoundaryState {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Panel "${this.props.title}" failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.failed) {
      return <ErrorPanel error={this.state.error} title={`The ${this.props.title} panel failed`} onRetry={() => this.setState({ error: null, failed: false })} />;
    }
    return this.props.children;
  }
}

import { Component, lazy, Suspense, type ReactNode } from 'react';
import { Outlet, useLocation } from '../components/routing';

// Only a page that broke needs it: not part of the first load.
const RouteErrorPanel = lazy(() => import('./route-error-panel').then((m) => ({ default: m.RouteErrorPanel })));

interface BoundaryProps {
  /** A new location gives the page another chance (the error was about the old one). */
  resetKey: string;
  children: ReactNode;
}

interface BoundaryState {
  error: unknown;
  resetKey: string;
  failed: boolean;
}

/**
 * The declarative router (no data router: no route has loaders or actions) has no errorElement,
 * so pages are wrapped in this boundary instead.
 */
class RouteErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  state: BoundaryState = { error: null, resetKey: this.props.resetKey, failed: false };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { error: null, failed: false, resetKey: props.resetKey };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Suspense fallback={null}>
        <RouteErrorPanel error={this.state.error} />
      </Suspense>
    );
  }
}

/** A page that throws while rendering shows what broke, inside the layout, instead of a blank screen. */
export function RouteError() {
  const { pathname } = useLocation();
  return (
    <RouteErrorBoundary resetKey={pathname}>
      <Outlet />
    </RouteErrorBoundary>
  );
}

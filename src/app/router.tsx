import { createBrowserRouter, type RouteObject } from 'react-router';
import { CatalogPage } from '../features/catalog/catalog-page';
import { Layout } from './layout';
import { RepositoryRoute } from './repository-route';
import { NotFoundPage } from './not-found-page';
import { RouteError } from './route-error';

export const appRoutes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <CatalogPage /> },
          // Repository names keep their slashes: /r/team/app/web; sub-pages follow /-/.
          { path: 'r/*', element: <RepositoryRoute /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(appRoutes);
}

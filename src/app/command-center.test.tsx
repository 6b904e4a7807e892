import { screen, within } from '@testing-library/react';
import { createTestClient, setupTestRegistry } from '../testing/test-server';
import { CommandCenter } from './command-center';
import { renderWithProviders } from './render-with-providers';

const { baseUrl } = setupTestRegistry();
// jsdom lays nothing out, so it has no scrollIntoView; j/k call it on the row they focus.
const scrolled: Element[] = [];
beforeAll(() => {
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled.push(this);
  };
});
afterAll(() => {
  Reflect.deleteProperty(Element.prototype, 'scrollIntoView');
});

/** A page with a filter and three row links, as the tag table has. */
function Page() {
  return (
    <>
      <CommandCenter />
      <main>
        <input type="search" aria-label="Filter tags" />
        {['v1', 'v2', 'v3'].map((tag) => (
          <a key={tag} href={`#${tag}`} data-row-link="">
            {tag}
          </a>
        ))}
      </main>
    </>
  );
}

const renderPage = () => renderWithProviders(<Page />, { registry: { client: createTestClient(baseUrl) } });

describe('single-key shortcuts', () => {
  it('? lists every shortcut, F8 (the notifications) included', async () => {
    const { user } = renderPage();
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    const rows = within(dialog).getAllByRole('row').map((row) => row.textContent);
    expect(rows).toEqual(['CtrlKGo to anything (⌘K on a Mac)', '/Focus the filter', 'jNext row', 'kPrevious row', 'EnterOpen the focused row', 'F8Go to the notifications', '?This list']);
  });

  it('/ focuses the filter; j and k move through the rows, not while typing', async () => {
    const { user } = renderPage();
    await user.keyboard('/');
    expect(screen.getByRole('searchbox', { name: 'Filter tags' })).toHaveFocus();
    await user.keyboard('j');
    expect(screen.getByRole('searchbox', { name: 'Filter tags' })).toHaveValue('j');

    screen.getByRole('searchbox', { name: 'Filter tags' }).blur();
    await user.keyboard('j');
    expect(screen.getByRole('link', { name: 'v1' })).toHaveFocus();
    await user.keyboard('jj');
    expect(screen.getByRole('link', { name: 'v3' })).toHaveFocus();
    await user.keyboard('k');
    expect(screen.getByRole('link', { name: 'v2' })).toHaveFocus();
    expect(scrolled.at(-1)).toBe(screen.getByRole('link', { name: 'v2' }));
  });
});

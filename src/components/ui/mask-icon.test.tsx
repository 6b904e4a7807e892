import { render } from '@testing-library/react';
import * as copyIcon from 'lucide-react/icons/copy';
import { iconClass, iconMaskUrl, iconSvg, lucideIconData, MaskIcon } from './mask-icon';

const copy = lucideIconData(copyIcon);

describe('MaskIcon', () => {
  it('reads the data lucide-react icon modules export, and refuses a module without it', () => {
    expect(copy.name).toBe('copy');
    expect(() => lucideIconData({ default: () => null })).toThrow('no __iconData');
  });

  it('draws the lucide icon as lucide does: same elements and attributes, without React keys', () => {
    const svg = new DOMParser().parseFromString(iconSvg(copy), 'image/svg+xml').documentElement;
    expect(svg.getAttribute('viewBox')).toBe('0 0 24 24');
    expect(svg.getAttribute('stroke-width')).toBe('2');
    expect([...svg.children].map((child) => child.tagName)).toEqual(['rect', 'path']);
    expect(svg.children[0]?.getAttribute('width')).toBe('14');
    expect(svg.children[1]?.getAttribute('d')).toBe('M4 16c-1.1 0-2-.9-2-2V4c0-1.1.9-2 2-2h10c1.1 0 2 .9 2 2');
    expect(svg.children[0]?.hasAttribute('key')).toBe(false);
  });

  it('escapes attribute values, so a quote cannot end one', () => {
    const svg = iconSvg({ name: 'odd', node: [['path', { d: 'M0 0"/><script/>' }]] });
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    expect(parsed.querySelector('script')).toBeNull();
    expect(parsed.querySelector('path')?.getAttribute('d')).toBe('M0 0"/><script/>');
  });

  it('is one hidden element whose mask is the icon, made once per icon', () => {
    const { container } = render(<MaskIcon icon={copy} className="size-4" />);
    const icon = container.firstElementChild as HTMLElement;
    expect(container.children).toHaveLength(1);
    expect(icon.children).toHaveLength(0);
    expect(icon).toHaveAttribute('aria-hidden', 'true');
    expect(icon).toHaveClass('size-4', 'bg-current');
    // Its mask comes from a class whose one rule was added once, not from an inline style.
    expect(icon.getAttribute('style')).toBeNull();
    const rules = [...document.head.querySelectorAll('style')].map((style) => style.textContent).join('');
    expect(rules).toContain(`.${iconClass(copy)}{--icon:${iconMaskUrl(copy)}}`);
    render(<MaskIcon icon={copy} />);
    expect([...document.head.querySelectorAll('style')].map((style) => style.textContent).join('').split(iconClass(copy)).length).toBe(2);
    expect(icon).toHaveClass(iconClass(copy));
    expect(decodeURIComponent(iconMaskUrl(copy))).toContain(iconSvg(copy));
    expect(iconMaskUrl(copy)).toBe(iconMaskUrl({ ...copy }));
  });
});

import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'danger' | 'secondary' | 'ghost';
export type ButtonSize = 'sm' | 'md' | 'icon';

const base =
  'inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-control font-medium focus-visible:outline-2 focus-visible:outline-offset-1 disabled:cursor-not-allowed';

const variants: Record<ButtonVariant, string> = {
  primary: 'bg-primary text-primary-fg hover:bg-primary-hover disabled:bg-slate-300 disabled:text-slate-600',
  danger: 'bg-danger text-danger-fg hover:bg-danger-hover disabled:bg-slate-300 disabled:text-slate-600',
  secondary: 'border border-slate-300 bg-surface text-slate-800 hover:bg-slate-100 disabled:text-slate-400 disabled:hover:bg-surface',
  ghost: 'text-slate-700 hover:bg-slate-100 hover:text-slate-900 disabled:text-slate-400',
};

const sizes: Record<ButtonSize, string> = {
  sm: 'h-6 px-2 text-xs',
  md: 'h-8 px-3 text-sm',
  icon: 'h-7 w-7 p-0 text-sm',
};

/** The class names of a button, for links and triggers that must look like one. */
export function buttonVariants({ variant = 'secondary', size = 'md' }: { variant?: ButtonVariant; size?: ButtonSize } = {}): string {
  return `${base} ${variants[variant]} ${sizes[size]}`;
}

/** The older names, kept for the dialogs: primary, danger, secondary and the small row button. */
export const buttonClass = {
  primary: buttonVariants({ variant: 'primary' }),
  danger: buttonVariants({ variant: 'danger' }),
  secondary: buttonVariants({ variant: 'secondary' }),
  small: buttonVariants({ variant: 'secondary', size: 'sm' }),
};

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  ref?: React.Ref<HTMLButtonElement>;
}

/** A button (type="button" unless told otherwise). Icon-only buttons need an aria-label. */
export function Button({ variant, size, className = '', type = 'button', ...props }: ButtonProps) {
  return <button type={type} className={`${buttonVariants({ variant, size })} ${className}`} {...props} />;
}

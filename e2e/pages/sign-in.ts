import { expect, type Page } from '@playwright/test';

/** Fills the portal's sign-in form of `registryName` and submits it. */
export async function signIn(page: Page, registryName: string, username: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: `Sign in to ${registryName}` });
  await expect(form).toBeVisible();
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

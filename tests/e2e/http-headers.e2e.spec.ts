import { expect, test } from '@playwright/test'

test.describe('HTTP surface of the running app', () => {
  test('should send the security headers on API responses and admin pages', async ({ request }) => {
    for (const path of ['/api/health', '/admin/login']) {
      const response = await request.get(path)
      expect(response.status(), path).toBe(200)
      const headers = response.headers()
      expect(headers['x-content-type-options'], path).toBe('nosniff')
      expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin')
      expect(headers['x-frame-options'], path).toBe('DENY')
      // The e2e server runs the production build.
      expect(headers['strict-transport-security'], path).toMatch(/max-age=\d+/)
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'")
      expect(headers['x-powered-by'], path).toBeUndefined()
    }
    const admin = (await request.get('/admin/login')).headers()['content-security-policy']
    expect(admin).toContain("default-src 'self'")
    expect(admin).not.toContain('unsafe-eval')
  })

  test('should render the admin panel under its Content-Security-Policy without violations', async ({ page }) => {
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) {
        violations.push(message.text())
      }
    })
    await page.goto('/admin/login')
    await expect(page.locator('#field-email')).toBeVisible()
    expect(violations).toEqual([])
  })
})

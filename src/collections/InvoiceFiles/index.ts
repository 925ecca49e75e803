import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { ownerOrSchoolAdmins } from '@/access/ownerOrSchoolAdmins'
import { privateUpload } from '@/collections/privateUpload'
import { INVOICE_FILES, USERS } from '@/shared/slugs'

/** Rendered invoice and credit note PDFs: written by the invoice job, downloaded by the buyer and the school's admins. */
export const InvoiceFiles: CollectionConfig = {
  slug: INVOICE_FILES,
  admin: { group: 'Payments', useAsTitle: 'filename', defaultColumns: ['filename', 'buyer', 'createdAt'] },
  access: { read: ownerOrSchoolAdmins('buyer'), create: nobody, update: nobody, delete: nobody },
  upload: privateUpload(INVOICE_FILES),
  fields: [{ name: 'buyer', type: 'relationship', relationTo: USERS, required: true, index: true }],
}

import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { ownerOrSchoolAdmins } from '@/access/ownerOrSchoolAdmins'
import { privateUpload } from '@/collections/privateUpload'
import { ORDERS, PAYMENT_PROOFS, USERS } from '@/shared/slugs'

/**
 * Proofs of bank transfers, uploaded by the buyer on their order (checked and scanned like every
 * upload) and read by them and the school's admins who approve the transfer.
 */
export const PaymentProofs: CollectionConfig = {
  slug: PAYMENT_PROOFS,
  admin: { group: 'Payments', useAsTitle: 'originalName', defaultColumns: ['originalName', 'order', 'buyer', 'createdAt'] },
  access: { read: ownerOrSchoolAdmins('buyer'), create: nobody, update: nobody, delete: nobody },
  upload: privateUpload(PAYMENT_PROOFS),
  fields: [
    { name: 'order', type: 'relationship', relationTo: ORDERS, required: true, index: true },
    { name: 'buyer', type: 'relationship', relationTo: USERS, required: true, index: true },
    { name: 'originalName', type: 'text', maxLength: 255 },
  ],
}

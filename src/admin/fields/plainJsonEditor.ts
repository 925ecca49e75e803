import type { CollectionConfig, Field } from 'payload'

const JSON_TEXT_FIELD = '@/admin/fields/JsonTextField#JsonTextField'

const withEditor = (fields: Field[]): Field[] =>
  fields.map((field): Field => {
    if (field.type === 'json') {
      return { ...field, admin: { ...field.admin, components: { ...field.admin?.components, Field: field.admin?.components?.Field ?? JSON_TEXT_FIELD } } }
    }
    if (field.type === 'tabs') {
      return { ...field, tabs: field.tabs.map((tab) => ({ ...tab, fields: withEditor(tab.fields) })) }
    }
    if (field.type === 'blocks') {
      return { ...field, blocks: field.blocks.map((block) => ({ ...block, fields: withEditor(block.fields) })) }
    }
    if ('fields' in field && Array.isArray(field.fields)) {
      return { ...field, fields: withEditor(field.fields) } as Field
    }
    return field
  })

/** Every JSON field of a collection edited as text (see JsonTextField), nested ones included. */
export const withPlainJsonEditor = (collection: CollectionConfig): CollectionConfig => ({ ...collection, fields: withEditor(collection.fields) })

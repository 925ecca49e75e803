import React from 'react'

type Node = { type?: string; text?: string; tag?: string; children?: Node[]; listType?: string }

/** Renders the parts of a Lexical document a lesson uses: headings, paragraphs, lists, text. */
const renderNode = (node: Node, key: number): React.ReactNode => {
  const children = node.children?.map(renderNode)
  switch (node.type) {
    case 'text':
      return node.text ?? ''
    case 'heading': {
      const Tag = (['h2', 'h3', 'h4'].includes(node.tag ?? '') ? node.tag : 'h3') as 'h2' | 'h3' | 'h4'
      return <Tag key={key}>{children}</Tag>
    }
    case 'list':
      return node.listType === 'number' ? <ol key={key}>{children}</ol> : <ul key={key}>{children}</ul>
    case 'listitem':
      return <li key={key}>{children}</li>
    case 'linebreak':
      return <br key={key} />
    case 'paragraph':
      return <p key={key}>{children}</p>
    default:
      return <React.Fragment key={key}>{children}</React.Fragment>
  }
}

export const RichText = ({ value }: { value: unknown }) => {
  const root = (value as { root?: Node } | null)?.root
  return root ? <div className="rich-text">{root.children?.map(renderNode)}</div> : null
}

import { WatchTenantCollection as WatchTenantCollection_1d0591e3cf4f332c83a86da13a0de59a } from '@payloadcms/plugin-multi-tenant/client'
import { TenantField as TenantField_1d0591e3cf4f332c83a86da13a0de59a } from '@payloadcms/plugin-multi-tenant/client'
import { AssignTenantFieldTrigger as AssignTenantFieldTrigger_1d0591e3cf4f332c83a86da13a0de59a } from '@payloadcms/plugin-multi-tenant/client'
import { IssueKeyPanel as IssueKeyPanel_74ca38bda0bd1fecd0abb488ee601fec } from '@/collections/ApiKeys/admin/IssueKeyPanel'
import { RscEntryLexicalCell as RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { RscEntryLexicalField as RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { LexicalDiffComponent as LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { InlineToolbarFeatureClient as InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HorizontalRuleFeatureClient as HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UploadFeatureClient as UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BlockquoteFeatureClient as BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { RelationshipFeatureClient as RelationshipFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { LinkFeatureClient as LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ChecklistFeatureClient as ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { OrderedListFeatureClient as OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnorderedListFeatureClient as UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { IndentFeatureClient as IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { AlignFeatureClient as AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HeadingFeatureClient as HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ParagraphFeatureClient as ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { InlineCodeFeatureClient as InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SuperscriptFeatureClient as SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SubscriptFeatureClient as SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { StrikethroughFeatureClient as StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnderlineFeatureClient as UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BoldFeatureClient as BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ItalicFeatureClient as ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { CourseAnalyticsLink as CourseAnalyticsLink_11697ef712c5a3de199d3eb868f63d33 } from '@/admin/analytics/CourseAnalyticsLink'
import { JsonTextField as JsonTextField_dcc78d47905c23f1cccc2692f1856831 } from '@/admin/fields/JsonTextField'
import { ReissueButton as ReissueButton_c731cbd05f76a90ecf211655df915ffa } from '@/collections/Certificates/admin/ReissueButton'
import { EndpointActions as EndpointActions_df55cfa0044a9785c90d2d15c3ab2c82 } from '@/collections/WebhookEndpoints/admin/EndpointActions'
import { StripeConnect as StripeConnect_18e2a00074d8c7be79cc087e02e24f84 } from '@/admin/payments/StripeConnect'
import { PaymentSettingsHelp as PaymentSettingsHelp_e45d4140b0d32925b273e044366994ef } from '@/admin/payments/PaymentSettingsHelp'
import { MoneyCell as MoneyCell_db5f7b02f8afd73517105693a9627f70 } from '@/admin/payments/MoneyCell'
import { OrderFilters as OrderFilters_2fb2e12a45cf66a1de5ab4ffa8c4cba6 } from '@/admin/payments/OrderFilters'
import { OrderActions as OrderActions_1562411fa179bf7477bc743d7ac70e4a } from '@/admin/payments/OrderActions'
import { CheckConnectionButton as CheckConnectionButton_9deb5d02d95ec9920db06303c238b14a } from '@/collections/ZoomSettings/admin/CheckConnectionButton'
import { EngagementPanel as EngagementPanel_82b65981e00fb2a77cee335e6f50bb71 } from '@/admin/live/EngagementPanel'
import { RecordingFile as RecordingFile_10d23f4899c1c14aef7a86ba5b283713 } from '@/admin/live/RecordingFile'
import { NamesCell as NamesCell_54fd4728326e80a61c966cd4ada912cb } from '@/admin/fields/NamesCell'
import { ReplayButton as ReplayButton_a8108a055b80d279514e12d8cc02ebe0 } from '@/collections/WebhookDeliveries/admin/ReplayButton'
import { ResendButton as ResendButton_15d9ea1f8f37d2e73c4eae0b67565675 } from '@/collections/NotificationEmails/admin/ResendButton'
import { RevenueNavLink as RevenueNavLink_cae00f87bde50bc3c3ed5b8456ee102c } from '@/admin/payments/RevenueNavLink'
import { AiUsageNavLink as AiUsageNavLink_383bc6295f18f4a283103e9cff75209a } from '@/admin/ai/AiUsageNavLink'
import { AnalyticsNavLink as AnalyticsNavLink_94a5240b04d0c728887488c68e8dac15 } from '@/admin/analytics/AnalyticsNavLink'
import { TemplatesNavLink as TemplatesNavLink_53787bf914134dae43fc7d08c5c053a4 } from '@/admin/notifications/TemplatesNavLink'
import { TenantSelector as TenantSelector_d6d5f193a167989e2ee7d14202901e62 } from '@payloadcms/plugin-multi-tenant/rsc'
import { TenantSelectionProvider as TenantSelectionProvider_d6d5f193a167989e2ee7d14202901e62 } from '@payloadcms/plugin-multi-tenant/rsc'
import { S3ClientUploadHandler as S3ClientUploadHandler_f97aa6c64367fa259c5bc0567239ef24 } from '@payloadcms/storage-s3/client'
import { AnalyticsView as AnalyticsView_0bae42e37b3ad3f8befb6b826f8545c9 } from '@/admin/analytics/AnalyticsView'
import { RevenueView as RevenueView_431077b3b1651407dc522838eb9ebad9 } from '@/admin/payments/RevenueView'
import { AiUsageView as AiUsageView_52091db77003d2f8937020348a835eb3 } from '@/admin/ai/AiUsageView'
import { TemplatesView as TemplatesView_5ed8c894e7606bcffed260a7c44a1ace } from '@/admin/notifications/TemplatesView'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "@payloadcms/plugin-multi-tenant/client#WatchTenantCollection": WatchTenantCollection_1d0591e3cf4f332c83a86da13a0de59a,
  "@payloadcms/plugin-multi-tenant/client#TenantField": TenantField_1d0591e3cf4f332c83a86da13a0de59a,
  "@payloadcms/plugin-multi-tenant/client#AssignTenantFieldTrigger": AssignTenantFieldTrigger_1d0591e3cf4f332c83a86da13a0de59a,
  "@/collections/ApiKeys/admin/IssueKeyPanel#IssueKeyPanel": IssueKeyPanel_74ca38bda0bd1fecd0abb488ee601fec,
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalCell": RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalField": RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#LexicalDiffComponent": LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/client#InlineToolbarFeatureClient": InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HorizontalRuleFeatureClient": HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UploadFeatureClient": UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BlockquoteFeatureClient": BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#RelationshipFeatureClient": RelationshipFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#LinkFeatureClient": LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ChecklistFeatureClient": ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#OrderedListFeatureClient": OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnorderedListFeatureClient": UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#IndentFeatureClient": IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#AlignFeatureClient": AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HeadingFeatureClient": HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ParagraphFeatureClient": ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#InlineCodeFeatureClient": InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SuperscriptFeatureClient": SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SubscriptFeatureClient": SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#StrikethroughFeatureClient": StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnderlineFeatureClient": UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BoldFeatureClient": BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ItalicFeatureClient": ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@/admin/analytics/CourseAnalyticsLink#CourseAnalyticsLink": CourseAnalyticsLink_11697ef712c5a3de199d3eb868f63d33,
  "@/admin/fields/JsonTextField#JsonTextField": JsonTextField_dcc78d47905c23f1cccc2692f1856831,
  "@/collections/Certificates/admin/ReissueButton#ReissueButton": ReissueButton_c731cbd05f76a90ecf211655df915ffa,
  "@/collections/WebhookEndpoints/admin/EndpointActions#EndpointActions": EndpointActions_df55cfa0044a9785c90d2d15c3ab2c82,
  "@/admin/payments/StripeConnect#StripeConnect": StripeConnect_18e2a00074d8c7be79cc087e02e24f84,
  "@/admin/payments/PaymentSettingsHelp#PaymentSettingsHelp": PaymentSettingsHelp_e45d4140b0d32925b273e044366994ef,
  "@/admin/payments/MoneyCell#MoneyCell": MoneyCell_db5f7b02f8afd73517105693a9627f70,
  "@/admin/payments/OrderFilters#OrderFilters": OrderFilters_2fb2e12a45cf66a1de5ab4ffa8c4cba6,
  "@/admin/payments/OrderActions#OrderActions": OrderActions_1562411fa179bf7477bc743d7ac70e4a,
  "@/collections/ZoomSettings/admin/CheckConnectionButton#CheckConnectionButton": CheckConnectionButton_9deb5d02d95ec9920db06303c238b14a,
  "@/admin/live/EngagementPanel#EngagementPanel": EngagementPanel_82b65981e00fb2a77cee335e6f50bb71,
  "@/admin/live/RecordingFile#RecordingFile": RecordingFile_10d23f4899c1c14aef7a86ba5b283713,
  "@/admin/fields/NamesCell#NamesCell": NamesCell_54fd4728326e80a61c966cd4ada912cb,
  "@/collections/WebhookDeliveries/admin/ReplayButton#ReplayButton": ReplayButton_a8108a055b80d279514e12d8cc02ebe0,
  "@/collections/NotificationEmails/admin/ResendButton#ResendButton": ResendButton_15d9ea1f8f37d2e73c4eae0b67565675,
  "@/admin/payments/RevenueNavLink#RevenueNavLink": RevenueNavLink_cae00f87bde50bc3c3ed5b8456ee102c,
  "@/admin/ai/AiUsageNavLink#AiUsageNavLink": AiUsageNavLink_383bc6295f18f4a283103e9cff75209a,
  "@/admin/analytics/AnalyticsNavLink#AnalyticsNavLink": AnalyticsNavLink_94a5240b04d0c728887488c68e8dac15,
  "@/admin/notifications/TemplatesNavLink#TemplatesNavLink": TemplatesNavLink_53787bf914134dae43fc7d08c5c053a4,
  "@payloadcms/plugin-multi-tenant/rsc#TenantSelector": TenantSelector_d6d5f193a167989e2ee7d14202901e62,
  "@payloadcms/plugin-multi-tenant/rsc#TenantSelectionProvider": TenantSelectionProvider_d6d5f193a167989e2ee7d14202901e62,
  "@payloadcms/storage-s3/client#S3ClientUploadHandler": S3ClientUploadHandler_f97aa6c64367fa259c5bc0567239ef24,
  "@/admin/analytics/AnalyticsView#AnalyticsView": AnalyticsView_0bae42e37b3ad3f8befb6b826f8545c9,
  "@/admin/payments/RevenueView#RevenueView": RevenueView_431077b3b1651407dc522838eb9ebad9,
  "@/admin/ai/AiUsageView#AiUsageView": AiUsageView_52091db77003d2f8937020348a835eb3,
  "@/admin/notifications/TemplatesView#TemplatesView": TemplatesView_5ed8c894e7606bcffed260a7c44a1ace,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}

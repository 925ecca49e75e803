/**
 * Words the seeded catalog is written in. Every course takes a topic, a title pattern,
 * an audience and a related topic, in English, Arabic and Somali, so a search word
 * matches a few percent of a school's courses, as in a real catalog.
 */
export type Trilingual = { en: string; ar: string; so: string }

export const TOPICS: Trilingual[] = [
  { en: 'Python Programming', ar: 'برمجة بايثون', so: 'Barnaamijka Python' },
  { en: 'Web Development', ar: 'تطوير المواقع', so: 'Horumarinta Bogagga Internetka' },
  { en: 'Data Analysis', ar: 'تحليل البيانات', so: 'Falanqaynta Xogta' },
  { en: 'Accounting', ar: 'المحاسبة', so: 'Xisaabaadka' },
  { en: 'Digital Marketing', ar: 'التسويق الرقمي', so: 'Suuq-geynta Dijitaalka' },
  { en: 'Graphic Design', ar: 'التصميم الجرافيكي', so: 'Naqshadeynta Garaafigga' },
  { en: 'Project Management', ar: 'إدارة المشاريع', so: 'Maareynta Mashaariicda' },
  { en: 'Public Health', ar: 'الصحة العامة', so: 'Caafimaadka Bulshada' },
  { en: 'Nursing Skills', ar: 'مهارات التمريض', so: 'Xirfadaha Kalkaalinta' },
  { en: 'First Aid', ar: 'الإسعافات الأولية', so: 'Gargaarka Degdegga' },
  { en: 'Arabic Grammar', ar: 'قواعد اللغة العربية', so: 'Naxwaha Carabiga' },
  { en: 'English Writing', ar: 'الكتابة بالإنجليزية', so: 'Qoraalka Ingiriisiga' },
  { en: 'Somali Literature', ar: 'الأدب الصومالي', so: 'Suugaanta Soomaaliyeed' },
  { en: 'Islamic History', ar: 'التاريخ الإسلامي', so: 'Taariikhda Islaamka' },
  { en: 'Mathematics', ar: 'الرياضيات', so: 'Xisaabta' },
  { en: 'Physics', ar: 'الفيزياء', so: 'Fiisigiska' },
  { en: 'Chemistry', ar: 'الكيمياء', so: 'Kimistariga' },
  { en: 'Biology', ar: 'علم الأحياء', so: 'Bayoolajiga' },
  { en: 'Entrepreneurship', ar: 'ريادة الأعمال', so: 'Ganacsi-abuurka' },
  { en: 'Small Business Finance', ar: 'تمويل المشاريع الصغيرة', so: 'Maaliyadda Ganacsiga Yaryar' },
  { en: 'Agriculture', ar: 'الزراعة', so: 'Beeraha' },
  { en: 'Solar Energy', ar: 'الطاقة الشمسية', so: 'Tamarta Qoraxda' },
  { en: 'Mobile Apps', ar: 'تطبيقات الجوال', so: 'Barnaamijyada Moobaylka' },
  { en: 'Cybersecurity', ar: 'الأمن السيبراني', so: 'Amniga Internetka' },
  { en: 'Machine Learning', ar: 'تعلم الآلة', so: 'Barashada Mashiinka' },
  { en: 'Databases', ar: 'قواعد البيانات', so: 'Kaydka Xogta' },
  { en: 'Public Speaking', ar: 'فن الخطابة', so: 'Khudbadaha Dadweynaha' },
  { en: 'Leadership', ar: 'القيادة', so: 'Hoggaaminta' },
  { en: 'Customer Service', ar: 'خدمة العملاء', so: 'Adeegga Macaamiisha' },
  { en: 'Logistics', ar: 'الخدمات اللوجستية', so: 'Saadka' },
  { en: 'Teaching Methods', ar: 'طرق التدريس', so: 'Hababka Waxbarista' },
  { en: 'Nutrition', ar: 'التغذية', so: 'Nafaqada' },
  { en: 'Photography', ar: 'التصوير الفوتوغرافي', so: 'Sawir-qaadista' },
  { en: 'Tailoring', ar: 'الخياطة', so: 'Tolidda' },
  { en: 'Electrical Installation', ar: 'التمديدات الكهربائية', so: 'Rakibidda Korontada' },
  { en: 'Spreadsheets', ar: 'جداول البيانات', so: 'Xaashiyaha Xisaabinta' },
]

/** Title patterns; `{t}` is the topic. */
export const TITLES: Trilingual[] = [
  { en: 'Introduction to {t}', ar: 'مقدمة في {t}', so: 'Hordhaca {t}' },
  { en: '{t} Fundamentals', ar: 'أساسيات {t}', so: 'Aasaaska {t}' },
  { en: 'Advanced {t}', ar: '{t} للمتقدمين', so: '{t} Heerka Sare' },
  { en: 'Practical {t}', ar: '{t}: دليل عملي', so: '{t} oo Ficil ah' },
  { en: '{t} for Beginners', ar: '{t} للمبتدئين', so: '{t} ee Bilowga' },
  { en: '{t} in Practice', ar: '{t} في الممارسة', so: 'Tababarka {t}' },
  { en: 'Applied {t}', ar: 'دورة مكثفة في {t}', so: 'Koorso Degdeg ah: {t}' },
  { en: '{t} Masterclass', ar: 'ورشة {t}', so: 'Aqoon-is-weydaarsiga {t}' },
]

export const STYLES: Trilingual[] = [
  { en: 'A hands-on', ar: 'عملية', so: 'ficil' },
  { en: 'A self-paced', ar: 'ذاتية الوتيرة', so: 'is-baris' },
  { en: 'An evening', ar: 'مسائية', so: 'habeen' },
  { en: 'An intensive', ar: 'مكثفة', so: 'xoog badan' },
  { en: 'An online', ar: 'عبر الإنترنت', so: 'online' },
]

export const AUDIENCES: Trilingual[] = [
  { en: 'students', ar: 'الطلاب', so: 'ardayda' },
  { en: 'teachers', ar: 'المعلمين', so: 'macallimiinta' },
  { en: 'small business owners', ar: 'أصحاب المشاريع الصغيرة', so: 'ganacsatada yaryar' },
  { en: 'health workers', ar: 'العاملين الصحيين', so: 'shaqaalaha caafimaadka' },
  { en: 'farmers', ar: 'المزارعين', so: 'beeralayda' },
  { en: 'civil servants', ar: 'الموظفين الحكوميين', so: 'shaqaalaha dowladda' },
  { en: 'graduates', ar: 'الخريجين', so: 'qalin-jabiyeyaasha' },
  { en: 'women entrepreneurs', ar: 'رائدات الأعمال', so: 'haweenka ganacsatada ah' },
  { en: 'young people', ar: 'الشباب', so: 'dhallinyarada' },
]

/** `{s}` style (with its article in English), `{t}` topic, `{a}` audience, `{r}` related topic. */
export const SUMMARY: Trilingual = {
  en: '{s} course in {t} for {a}, with practical exercises in {r}.',
  ar: 'دورة {s} في {t} موجهة إلى {a}، مع تمارين تطبيقية في {r}.',
  so: 'Koorso {s} ah oo ku saabsan {t} loogu talagalay {a}, oo leh layli ku saabsan {r}.',
}

export const CATEGORIES: (Trilingual & { slug: string; parent?: string })[] = [
  { slug: 'technology', en: 'Technology', ar: 'التقنية', so: 'Tignoolajiyada' },
  { slug: 'programming', parent: 'technology', en: 'Programming', ar: 'البرمجة', so: 'Barnaamij-samaynta' },
  { slug: 'data', parent: 'technology', en: 'Data', ar: 'البيانات', so: 'Xogta' },
  { slug: 'business', en: 'Business', ar: 'الأعمال', so: 'Ganacsiga' },
  { slug: 'finance', parent: 'business', en: 'Finance', ar: 'المالية', so: 'Maaliyadda' },
  { slug: 'marketing', parent: 'business', en: 'Marketing', ar: 'التسويق', so: 'Suuq-geynta' },
  { slug: 'health', en: 'Health', ar: 'الصحة', so: 'Caafimaadka' },
  { slug: 'languages', en: 'Languages', ar: 'اللغات', so: 'Luuqadaha' },
  { slug: 'sciences', en: 'Sciences', ar: 'العلوم', so: 'Sayniska' },
  { slug: 'trades', en: 'Trades', ar: 'الحرف', so: 'Xirfadaha Gacanta' },
]

export const TAGS: (Trilingual & { slug: string })[] = [
  { slug: 'certificate', en: 'Certificate', ar: 'شهادة', so: 'Shahaado' },
  { slug: 'weekend', en: 'Weekend', ar: 'نهاية الأسبوع', so: 'Dhammaadka Toddobaadka' },
  { slug: 'evening', en: 'Evening', ar: 'مسائي', so: 'Fiidkii' },
  { slug: 'remote', en: 'Remote', ar: 'عن بعد', so: 'Fog' },
  { slug: 'in-person', en: 'In person', ar: 'حضوري', so: 'Fool-ka-fool' },
  { slug: 'scholarship', en: 'Scholarship', ar: 'منحة', so: 'Deeq waxbarasho' },
  { slug: 'women', en: 'For women', ar: 'للنساء', so: 'Haweenka' },
  { slug: 'youth', en: 'Youth', ar: 'الشباب', so: 'Dhallinyarada' },
  { slug: 'career', en: 'Career', ar: 'مهني', so: 'Shaqo' },
  { slug: 'exam-prep', en: 'Exam preparation', ar: 'تحضير للامتحان', so: 'U diyaargarowga imtixaanka' },
  { slug: 'project', en: 'Project based', ar: 'قائم على المشاريع', so: 'Mashruuc ku salaysan' },
  { slug: 'mentored', en: 'Mentored', ar: 'بإشراف مرشد', so: 'La hagayo' },
  { slug: 'short', en: 'Short course', ar: 'دورة قصيرة', so: 'Koorso gaaban' },
  { slug: 'long', en: 'Long course', ar: 'دورة طويلة', so: 'Koorso dheer' },
  { slug: 'popular', en: 'Popular', ar: 'رائج', so: 'Caan ah' },
  { slug: 'new', en: 'New', ar: 'جديد', so: 'Cusub' },
  { slug: 'bilingual', en: 'Bilingual', ar: 'ثنائي اللغة', so: 'Laba luqadood' },
  { slug: 'accredited', en: 'Accredited', ar: 'معتمد', so: 'La aqoonsan yahay' },
  { slug: 'free-materials', en: 'Free materials', ar: 'مواد مجانية', so: 'Agab bilaash ah' },
  { slug: 'live', en: 'Live sessions', ar: 'جلسات مباشرة', so: 'Fadhiyo toos ah' },
]

/**
 * What the benchmark searches for, per locale: single words, each found in roughly
 * 1-10% of the courses (as a title word, a summary word or both).
 */
export const SEARCH_WORDS: Record<'en' | 'ar' | 'so', string[]> = {
  en: ['python', 'data', 'marketing', 'accounting', 'design', 'nursing', 'management', 'energy', 'finance', 'writing'],
  ar: ['تحليل', 'تسويق', 'محاسبة', 'تصميم', 'إدارة', 'برمجة', 'صحة', 'الطاقة', 'تمويل', 'الكتابة'],
  so: ['xisaabaadka', 'ganacsi', 'kalkaalinta', 'barnaamij', 'xogta', 'maareynta', 'tamarta', 'naqshadeynta', 'suugaanta', 'qoraalka'],
}

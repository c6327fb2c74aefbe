// The data of the year heatmap: the last 53 weeks up to today, whatever calendar years they
// cross, as columns of Monday-first weeks; and per month, how many days had a win (the text
// equivalent). Pure: counts per "YYYY-MM-DD" day in, plain data out (YearHeatmapData.test.ts).

export const WEEKS = 53

export interface DayCell {
  day: string
  wins: number
  /** 0 (none), 1, 2, 3 (three or more): the shade, never a score. */
  level: 0 | 1 | 2 | 3
}

export interface MonthDays {
  /** "YYYY-MM" */
  month: string
  daysWithWin: number
}

export interface YearGrid {
  first: string
  last: string
  /** WEEKS columns of 7 (Monday first); null for days after today. */
  weeks: (DayCell | null)[][]
  months: MonthDays[]
  daysWithWin: number
}

function shift(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** Monday of the week `day` is in. */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  return shift(day, -weekday)
}

export function yearGrid(today: string, winsPerDay: ReadonlyMap<string, number>): YearGrid {
  const first = mondayOf(shift(today, -7 * (WEEKS - 1)))
  const weeks: (DayCell | null)[][] = []
  const months: MonthDays[] = []
  let daysWithWin = 0
  let day = first
  for (let w = 0; w < WEEKS; w++) {
    const week: (DayCell | null)[] = []
    for (let d = 0; d < 7; d++, day = shift(day, 1)) {
      if (day > today) {
        week.push(null)
        continue
      }
      const wins = winsPerDay.get(day) ?? 0
      week.push({ day, wins, level: wins >= 3 ? 3 : (wins as 0 | 1 | 2) })
      const month = day.slice(0, 7)
      if (months.length === 0 || months[months.length - 1]!.month !== month) months.push({ month, daysWithWin: 0 })
      if (wins > 0) {
        months[months.length - 1]!.daysWithWin++
        daysWithWin++
      }
    }
    weeks.push(week)
  }
  return { first, last: today, weeks, months, daysWithWin }
}
